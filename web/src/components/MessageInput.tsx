import { useState, type KeyboardEvent } from 'react';

/** The longest message the server accepts (its --max-message-chars default). */
const MAX_MESSAGE_CHARS = 4000;

/** The message box: Enter sends, Shift+Enter starts a new line; disabled (saying why, as its
 *  placeholder) while `disabledReason` is set. */
export function MessageInput({
  disabledReason,
  onSend,
}: {
  disabledReason: string | null;
  onSend: (text: string) => boolean;
}) {
  const disabled = disabledReason !== null;
  const [text, setText] = useState('');

  const send = () => {
    if (text.trim() === '') return;
    if (onSend(text)) setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
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
      <textarea
        aria-label="Message"
        placeholder={disabledReason ?? 'Write a message (Shift+Enter for a new line)'}
        rows={2}
        maxLength={MAX_MESSAGE_CHARS}
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" disabled={disabled || text.trim() === ''}>
        Send
      </button>
    </form>
  );
}
