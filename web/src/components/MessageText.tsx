import { linkify } from './linkify';

/** Message text as plain text, with http(s) URLs as links that open in a new tab. */
export function MessageText({ text }: { text: string }) {
  return (
    <p className="message-text" dir="auto">
      {linkify(text).map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}
