import { Fragment } from 'react';
import { linkify } from './linkify';

/** Message text as plain text, with http(s) URLs as links that open in a new tab and mentions
 *  of `me` (`@me`, any case) highlighted. */
export function MessageText({ text, me }: { text: string; me?: string }) {
  return (
    <p className="message-text" dir="auto">
      {linkify(text).map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          <Fragment key={i}>{me ? highlightMentions(part.text, me) : part.text}</Fragment>
        ),
      )}
    </p>
  );
}

/** `text` with each `@me` (not inside a longer name or an address) as a <mark>. */
function highlightMentions(text: string, me: string): React.ReactNode {
  const pattern = new RegExp(
    `(^|[^A-Za-z0-9_.@-])(@${me.replace(/[.\-]/g, '\\$&')})(?![A-Za-z0-9_-]|\\.[A-Za-z0-9_-])`,
    'gi',
  );
  const out: React.ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index + match[1].length;
    out.push(text.slice(at, start));
    out.push(
      <mark key={start} className="mention-me">
        {match[2]}
      </mark>,
    );
    at = start + match[2].length;
  }
  if (at === 0) return text;
  out.push(text.slice(at));
  return out;
}
