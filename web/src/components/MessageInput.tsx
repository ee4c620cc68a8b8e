import { useState, type KeyboardEvent } from 'react';

/** The longest message the server accepts (its --max-message-chars default), in characters. */
export const MAX_MESSAGE_CHARS = 4000;
/** The counter shows from this many characters on. */
const COUNTER_FROM = MAX_MESSAGE_CHARS - 500;

/** Characters as the server counts them (Unicode code points). */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The message box: Enter sends, Shift+Enter starts a new line; disabled (saying why, as its
 *  placeholder) while `disabledReason` is set. Near the length limit a counter shows; past it
 *  the box says by how much and Send is disabled: nothing is ever cut. */
export function MessageInput({
  disabledReason,
  offline = false,
  onSend,
  onTyping,
  onEditLast,
  children,
}: {
  disabledReason: string | null;
  /** The connection is down: what is sent now waits for it. */
  offline?: boolean;
  onSend: (text: string) => boolean;
  /** A key was typed (the caller throttles what it tells the room). */
  onTyping?: () => void;
  /** ↑ in an empty box: edit the user's last message. */
  onEditLast?: () => void;
  /** Shown above the box (the message being replied to). */
  children?: React.ReactNode;
}) {
  const disabled = disabledReason !== null;
  const [text, setText] = useState('');
  const length = characterCount(text.trim());
  const tooLong = length > MAX_MESSAGE_CHARS;

  const send = () => {
    if (text.trim() === '' || tooLong) return;
    if (onSend(text)) setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    } else if (e.key === 'ArrowUp' && text === '' && onEditLast) {
      e.preventDefault();
      onEditLast();
    }
  };

  return (
    <form
      className="message-input"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {children}
      <textarea
        aria-label="Message"
        aria-describedby="message-length"
        aria-invalid={tooLong}
        placeholder={
          disabledReason ??
          (offline
            ? 'Offline: messages are sent when the connection is back'
            : 'Write a message (Shift+Enter for a new line)')
        }
        rows={2}
        dir="auto"
        autoFocus
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() !== '') onTyping?.();
        }}
        onKeyDown={onKeyDown}
      />
      <button type="submit" disabled={disabled || text.trim() === '' || tooLong}>
        Send
      </button>
      <p id="message-length" className={tooLong ? 'length-note field-error' : 'length-note muted'} aria-live="polite">
        {tooLong
          ? `Too long by ${length - MAX_MESSAGE_CHARS} characters (at most ${MAX_MESSAGE_CHARS}).`
          : length >= COUNTER_FROM
            ? `${length} / ${MAX_MESSAGE_CHARS}`
            : ''}
      </p>
    </form>
  );
}
