import { useRef, useState, type KeyboardEvent } from 'react';

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

/** A file name for text sent as a file: `message.txt`, or the language's extension when the
 *  text is one fenced code block (```py ... ```). */
export function textFileName(text: string): string {
  const fence = /^```([A-Za-z0-9+#-]*)\n[\s\S]*\n```$/.exec(text.trim());
  const extensions: Record<string, string> = {
    js: 'js',
    javascript: 'js',
    ts: 'ts',
    typescript: 'ts',
    tsx: 'tsx',
    py: 'py',
    python: 'py',
    rb: 'rb',
    go: 'go',
    rust: 'rs',
    rs: 'rs',
    java: 'java',
    c: 'c',
    cpp: 'cpp',
    'c++': 'cpp',
    cs: 'cs',
    sh: 'sh',
    bash: 'sh',
    sql: 'sql',
    json: 'json',
    yaml: 'yaml',
    yml: 'yaml',
    html: 'html',
    css: 'css',
    md: 'md',
    markdown: 'md',
    diff: 'diff',
    kotlin: 'kt',
    swift: 'swift',
  };
  const ext = fence ? extensions[fence[1].toLowerCase()] : undefined;
  return `message.${ext ?? 'txt'}`;
}

/** Suggestions shown at most for an `@` being typed. */
const MAX_SUGGESTIONS = 6;

/** The `@prefix` being typed just before `caret`, if any: where it starts and the prefix. */
export function mentionAt(text: string, caret: number): { start: number; prefix: string } | null {
  const m = /(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{0,32})$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, prefix: m[2] } : null;
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
  members,
  onAddFiles,
  hasFiles = false,
  filesBusy = false,
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
  /** Who `@` suggests: the room's members. */
  members?: readonly string[];
  /** Files chosen, dropped or pasted (and long text sent as a file); none: no attaching. */
  onAddFiles?: (files: { blob: Blob; name: string }[]) => void;
  /** Files are attached: the message may go without text. */
  hasFiles?: boolean;
  /** Attached files are still uploading (or failed): Send waits. */
  filesBusy?: boolean;
}) {
  const disabled = disabledReason !== null;
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [chosen, setChosen] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const mention = mentionAt(text, caret);
  const suggestions =
    mention && dismissed !== mention.start
      ? (members ?? [])
          .filter((m) => m.toLowerCase().startsWith(mention.prefix.toLowerCase()))
          .slice(0, MAX_SUGGESTIONS)
      : [];
  const pick = (name: string) => {
    if (!mention) return;
    const next = `${text.slice(0, mention.start)}@${name} ${text.slice(caret)}`;
    const at = mention.start + name.length + 2;
    setText(next);
    setCaret(at);
    requestAnimationFrame(() => box.current?.setSelectionRange(at, at));
  };
  const length = characterCount(text.trim());
  const tooLong = length > MAX_MESSAGE_CHARS;

  const empty = text.trim() === '' && !hasFiles;
  const send = () => {
    if (empty || tooLong || filesBusy) return;
    if (onSend(text)) setText('');
  };
  const chooser = useRef<HTMLInputElement>(null);
  const sendAsFile = () => {
    onAddFiles?.([{ blob: new Blob([text], { type: 'text/plain' }), name: textFileName(text) }]);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.length > 0 && mention) {
      const n = suggestions.length;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setChosen((c) => (c + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
        return;
      }
      if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
        e.preventDefault();
        pick(suggestions[Math.min(chosen, n - 1)]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(mention.start);
        return;
      }
    }
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
      {suggestions.length > 0 && (
        <ul className="mention-suggestions" role="listbox" aria-label="Mention someone" id="mention-suggestions">
          {suggestions.map((name, i) => (
            <li
              key={name}
              id={`mention-${name}`}
              role="option"
              aria-selected={i === Math.min(chosen, suggestions.length - 1)}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(name);
              }}
            >
              @{name}
            </li>
          ))}
        </ul>
      )}
      <textarea
        ref={box}
        aria-autocomplete="list"
        aria-controls={suggestions.length > 0 ? 'mention-suggestions' : undefined}
        aria-activedescendant={
          suggestions.length > 0 ? `mention-${suggestions[Math.min(chosen, suggestions.length - 1)]}` : undefined
        }
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
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onChange={(e) => {
          setText(e.target.value);
          setCaret(e.target.selectionStart);
          setChosen(0);
          if (e.target.value.trim() !== '') onTyping?.();
        }}
        onKeyDown={onKeyDown}
        onPaste={(e) => {
          // A screenshot (or files) from the clipboard is attached, not pasted as text.
          const files = Array.from(e.clipboardData?.files ?? []);
          if (!onAddFiles || files.length === 0) return;
          e.preventDefault();
          onAddFiles(
            files.map((f, i) => ({
              blob: f,
              name: f.name && f.name !== 'image.png' ? f.name : `pasted-${i + 1}.${f.type.split('/')[1] || 'bin'}`,
            })),
          );
        }}
      />
      {onAddFiles && (
        <>
          <input
            ref={chooser}
            type="file"
            multiple
            hidden
            aria-label="Files to attach"
            onChange={(e) => {
              const files = Array.from(e.currentTarget.files ?? []);
              if (files.length > 0) onAddFiles(files.map((f) => ({ blob: f, name: f.name })));
              e.currentTarget.value = '';
            }}
          />
          <button
            type="button"
            className="secondary attach"
            aria-label="Attach files"
            title="Attach files"
            disabled={disabled}
            onClick={() => chooser.current?.click()}
          >
            📎
          </button>
        </>
      )}
      <button type="submit" disabled={disabled || empty || tooLong || filesBusy}>
        Send
      </button>
      {tooLong && onAddFiles && (
        <button type="button" className="secondary" onClick={sendAsFile}>
          Send as a file
        </button>
      )}
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
