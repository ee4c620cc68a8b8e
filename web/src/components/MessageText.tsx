import { Fragment, useState } from 'react';
import { parseMarkdown, type Block, type Inline } from './markdown';

/** Message text with the markdown subset of markdown.ts rendered as elements (never as HTML),
 *  links opening in a new tab, and mentions of `me` (`@me`, any case) highlighted. */
export function MessageText({ text, me }: { text: string; me?: string }) {
  return (
    <div className="message-text" dir="auto">
      {parseMarkdown(text).map((b, i) => (
        <BlockView key={i} block={b} me={me} />
      ))}
    </div>
  );
}

function BlockView({ block, me }: { block: Block; me?: string }) {
  switch (block.t) {
    case 'p':
      return (
        <p>
          {block.lines.map((line, i) => (
            <Fragment key={i}>
              {i > 0 && '\n'}
              <Inlines parts={line} me={me} />
            </Fragment>
          ))}
        </p>
      );
    case 'pre':
      return <CodeBlock text={block.text} />;
    case 'quote':
      return (
        <blockquote>
          {block.blocks.map((b, i) => (
            <BlockView key={i} block={b} me={me} />
          ))}
        </blockquote>
      );
    case 'ul':
    case 'ol': {
      const List = block.t;
      return (
        <List>
          {block.items.map((item, i) => (
            <li key={i}>
              <Inlines parts={item} me={me} />
            </li>
          ))}
        </List>
      );
    }
  }
}

function Inlines({ parts, me }: { parts: Inline[]; me?: string }) {
  return (
    <>
      {parts.map((part, i) => {
        switch (part.t) {
          case 'text':
            return <Fragment key={i}>{me ? highlightMentions(part.text, me) : part.text}</Fragment>;
          case 'code':
            return <code key={i}>{part.text}</code>;
          case 'link':
            return (
              <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
                {part.text}
              </a>
            );
          case 'strong':
          case 'em':
          case 'del': {
            const Mark = part.t;
            return (
              <Mark key={i}>
                <Inlines parts={part.children} me={me} />
              </Mark>
            );
          }
        }
      })}
    </>
  );
}

/** A fenced code block: monospace, whitespace kept, with a copy button. */
function CodeBlock({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard
      ?.writeText(text)
      .then(() => setCopied(true))
      .catch(() => undefined);
  };
  return (
    <div className="code-block">
      <pre>
        <code>{text}</code>
      </pre>
      <button type="button" className="copy-code secondary" onClick={copy} aria-label="Copy code">
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
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
