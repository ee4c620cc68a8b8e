// What a stored message shows besides its text: the quote it answers, its reactions, and the
// actions on it (reply, react, edit, delete), with the inline editor.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ChatMessage, Reaction, ReplyQuote } from '../api/types';

/** The emoji offered by the picker: the ones people use most. */
export const QUICK_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'];

/** What the picker's search finds, by the words people type for each. */
const EMOJI_NAMES: [string, string][] = [
  ['👍', 'thumbs up yes ok agree like +1'],
  ['👎', 'thumbs down no dislike -1'],
  ['❤️', 'heart love red'],
  ['😂', 'joy laugh tears lol funny'],
  ['🤣', 'rofl laugh rolling'],
  ['😊', 'smile blush happy'],
  ['😀', 'grin smile happy'],
  ['😉', 'wink'],
  ['😍', 'heart eyes love'],
  ['🥰', 'love hearts smile'],
  ['😘', 'kiss'],
  ['😎', 'cool sunglasses'],
  ['🤔', 'thinking hmm'],
  ['😮', 'wow surprised open mouth'],
  ['😱', 'scream shocked fear'],
  ['😢', 'cry sad tear'],
  ['😭', 'sob crying sad'],
  ['😡', 'angry mad rage'],
  ['😅', 'sweat smile phew'],
  ['🙃', 'upside down'],
  ['🙄', 'eye roll'],
  ['😴', 'sleep tired zzz'],
  ['🤯', 'mind blown exploding'],
  ['🥳', 'party celebrate'],
  ['🎉', 'tada party celebrate hooray'],
  ['🎊', 'confetti celebrate'],
  ['🙏', 'pray please thanks'],
  ['👏', 'clap applause bravo'],
  ['🙌', 'raised hands hooray praise'],
  ['💪', 'muscle strong flex'],
  ['👋', 'wave hello hi bye'],
  ['🤝', 'handshake deal'],
  ['👀', 'eyes look see'],
  ['🔥', 'fire hot lit'],
  ['✨', 'sparkles shiny'],
  ['⭐', 'star'],
  ['💯', 'hundred perfect'],
  ['✅', 'check done yes'],
  ['❌', 'cross no wrong'],
  ['⚠️', 'warning caution'],
  ['❓', 'question'],
  ['💡', 'idea bulb'],
  ['🚀', 'rocket launch ship'],
  ['🐛', 'bug'],
  ['☕', 'coffee tea break'],
  ['🍕', 'pizza food'],
  ['🍻', 'beers cheers'],
  ['🎂', 'cake birthday'],
  ['💬', 'speech comment'],
  ['📌', 'pin pushpin'],
  ['🔗', 'link'],
  ['📅', 'calendar date'],
  ['⏰', 'alarm clock time'],
  ['🙈', 'see no evil monkey'],
  ['💔', 'broken heart'],
  ['💙', 'blue heart'],
  ['💚', 'green heart'],
  ['🤷', 'shrug dunno'],
  ['🤦', 'facepalm'],
  ['😬', 'grimace awkward'],
];

/** The emoji whose names contain every word of `query` (all of them when it is empty). */
export function findEmoji(query: string): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return QUICK_EMOJI;
  return EMOJI_NAMES.filter(([, names]) => words.every((w) => names.split(' ').some((n) => n.startsWith(w)))).map(
    ([e]) => e,
  );
}

/** What can be done to messages; every callback must be stable (messages are memoized). */
export interface MessageActions {
  onReply: (m: ChatMessage) => void;
  onReact: (messageId: number, emoji: string, on: boolean) => void;
  onStartEdit: (messageId: number | null) => void;
  onSaveEdit: (messageId: number, text: string) => boolean;
  onDelete: (messageId: number) => void;
}

/** "↪ alice: lunch at noon?" above a reply. */
export function QuoteLine({ quote }: { quote: ReplyQuote }) {
  return (
    <blockquote className="reply-quote" dir="auto">
      <span className="reply-sender">{quote.sender}</span>{' '}
      {quote.deleted ? <em className="muted">message deleted</em> : <span>{quote.text}</span>}
    </blockquote>
  );
}

/** Emoji chips under a message: pressed when the user reacted; clicking toggles. */
export function ReactionChips({
  reactions,
  onToggle,
}: {
  reactions: Reaction[];
  onToggle: (emoji: string, on: boolean) => void;
}) {
  return (
    <div className="reactions" aria-label="Reactions">
      {reactions.map((r) => (
        <button
          key={r.emoji}
          type="button"
          className="reaction"
          aria-pressed={!!r.me}
          aria-label={`${r.emoji} ${r.count}${r.me ? ', including you' : ''}`}
          onClick={() => onToggle(r.emoji, !r.me)}
        >
          {r.emoji} {r.count}
        </button>
      ))}
    </div>
  );
}

/** The hover (or focus) toolbar of a message. */
export function MessageToolbar({
  message,
  canEdit,
  canDelete,
  actions,
}: {
  message: ChatMessage;
  canEdit: boolean;
  canDelete: boolean;
  actions: MessageActions;
}) {
  const [picking, setPicking] = useState(false);
  const [query, setQuery] = useState('');
  const mine = (emoji: string) => message.reactions?.find((r) => r.emoji === emoji)?.me ?? false;
  return (
    <div className="message-toolbar">
      <button
        type="button"
        className="icon-button"
        aria-label="Reply"
        title="Reply"
        onClick={() => actions.onReply(message)}
      >
        ↩
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="React"
        title="React"
        aria-expanded={picking}
        onClick={() => setPicking((p) => !p)}
      >
        ☺
      </button>
      {canEdit && (
        <button
          type="button"
          className="icon-button"
          aria-label="Edit"
          title="Edit"
          onClick={() => actions.onStartEdit(message.id)}
        >
          ✎
        </button>
      )}
      {canDelete && (
        <button
          type="button"
          className="icon-button"
          aria-label="Delete"
          title="Delete"
          onClick={() => {
            if (window.confirm('Delete this message for everyone?')) actions.onDelete(message.id);
          }}
        >
          🗑
        </button>
      )}
      {picking && (
        <div className="emoji-picker" role="group" aria-label="Pick a reaction">
          <input
            type="search"
            aria-label="Search emoji"
            placeholder="Search"
            autoFocus
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setPicking(false);
              }
            }}
          />
          {findEmoji(query).length === 0 && <span className="muted small">No emoji</span>}
          {findEmoji(query).map((e) => (
            <button
              key={e}
              type="button"
              className="icon-button"
              aria-label={`React with ${e}`}
              onClick={() => {
                setPicking(false);
                setQuery('');
                actions.onReact(message.id, e, !mine(e));
              }}
            >
              {e}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Edits a message in place: Enter saves, Esc cancels, Shift+Enter starts a new line. */
export function InlineEditor({ message, actions }: { message: ChatMessage; actions: MessageActions }) {
  const [text, setText] = useState(message.text);
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  const save = () => {
    if (text.trim() === '' || text.trim() === message.text) return actions.onStartEdit(null);
    if (actions.onSaveEdit(message.id, text)) actions.onStartEdit(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      actions.onStartEdit(null);
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      save();
    }
  };
  return (
    <div className="inline-editor">
      <textarea
        ref={box}
        aria-label="Edit message"
        dir="auto"
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <p className="muted small">
        Enter to save, Esc to cancel ·{' '}
        <button type="button" className="link-button" onClick={save}>
          Save
        </button>{' '}
        <button type="button" className="link-button" onClick={() => actions.onStartEdit(null)}>
          Cancel
        </button>
      </p>
    </div>
  );
}

/** "bob is typing…", "bob and carol are typing…", "3 people are typing…". */
export function typingText(users: string[]): string {
  if (users.length === 0) return '';
  if (users.length === 1) return `${users[0]} is typing…`;
  if (users.length === 2) return `${users[0]} and ${users[1]} are typing…`;
  return `${users.length} people are typing…`;
}
