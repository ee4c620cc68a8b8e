import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChatMessage } from '../api/types';
import type { OutgoingMessage } from '../realtime/room-state';
import { Avatar } from './Avatar';
import type { PersonInfo } from './MemberList';
import { InlineEditor, MessageToolbar, QuoteLine, ReactionChips, type MessageActions } from './MessageExtras';
import { MessageText } from './MessageText';

/** Messages kept in the page at most (the newest ones): a long session stays fast. More come
 *  back, this many at a time, with "Show earlier messages". */
export const DOM_WINDOW = 300;

/** Within this many pixels of the bottom, the list follows new messages. */
const STICK_TO_BOTTOM_PX = 80;

interface Props {
  messages: ChatMessage[];
  outbox: OutgoingMessage[];
  me: string;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onRetry: (clientMsgId: string) => void;
  /** Shown when there is nothing to show. */
  emptyText: string;
  /** Nicknames and avatars by username, where known. */
  people?: ReadonlyMap<string, PersonInfo>;
  /** A sender's name was clicked: show their card. Must be stable (messages are memoized). */
  onPerson?: (username: string) => void;
  /** Reply, react, edit, delete; without them messages have no actions. */
  actions?: MessageActions;
  /** The message being edited in place. */
  editingId?: number | null;
  /** The user may delete anyone's message (a group's owner). */
  moderator?: boolean;
}

/** Stored messages, then the user's unacknowledged ones. Follows the newest message unless the
 *  user has scrolled up; keeps the view still when an older page is added above. */
export function MessageList({
  messages,
  outbox,
  me,
  hasOlder,
  loadingOlder,
  onLoadOlder,
  onRetry,
  emptyText,
  people,
  onPerson,
  actions,
  editingId = null,
  moderator = false,
}: Props) {
  const info = (username: string) => people?.get(username);
  const [limit, setLimit] = useState(DOM_WINDOW);
  const trimmed = messages.length > limit;
  const shown = useMemo(
    () => (messages.length > limit ? messages.slice(messages.length - limit) : messages),
    [messages, limit],
  );
  const list = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const previous = useRef({ firstId: 0, height: 0 });

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const firstId = shown[0]?.id ?? 0;
    const olderAdded = previous.current.firstId !== 0 && firstId !== previous.current.firstId && !stick.current;
    if (olderAdded) el.scrollTop += el.scrollHeight - previous.current.height;
    else if (stick.current) el.scrollTop = el.scrollHeight;
    previous.current = { firstId, height: el.scrollHeight };
  }, [shown, outbox.length]);

  const onScroll = () => {
    const el = list.current!;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_TO_BOTTOM_PX;
    previous.current.height = el.scrollHeight;
  };

  return (
    <div className="message-list" ref={list} onScroll={onScroll} role="log" aria-label="Messages" aria-live="polite">
      {trimmed && (
        <button type="button" className="load-older" onClick={() => setLimit((l) => l + DOM_WINDOW)}>
          Show earlier messages
        </button>
      )}
      {!trimmed && hasOlder && (
        <button type="button" className="load-older" onClick={onLoadOlder} disabled={loadingOlder}>
          {loadingOlder ? 'Loading…' : 'Load older messages'}
        </button>
      )}
      {messages.length === 0 && outbox.length === 0 && <p className="muted empty">{emptyText}</p>}
      <ol>
        {shown.map((m) => (
          <MessageItem
            key={m.id}
            sender={m.sender}
            nickname={info(m.sender)?.nickname}
            avatar={info(m.sender)?.avatar}
            onPerson={onPerson}
            ts={m.ts}
            text={m.text}
            own={m.sender === me}
            message={m}
            me={me}
            actions={actions}
            editing={editingId === m.id}
            moderator={moderator}
          />
        ))}
        {outbox.map((o) => (
          <MessageItem
            key={o.clientMsgId}
            sender={me}
            nickname={info(me)?.nickname}
            avatar={info(me)?.avatar}
            onPerson={onPerson}
            ts={o.createdAt}
            text={o.text}
            own
            state={o.status}
          >
            {o.status === 'failed' ? (
              <span className="delivery failed">
                Not sent.{' '}
                <button type="button" className="link-button" onClick={() => onRetry(o.clientMsgId)}>
                  Retry
                </button>
              </span>
            ) : (
              <span className="delivery">{o.status === 'sent' ? 'Sent' : 'Sending…'}</span>
            )}
          </MessageItem>
        ))}
      </ol>
    </div>
  );
}

/** One message. Memoized: a new message re-renders only itself, not every message shown (each
 *  of which would format its time and scan its text for links again). */
const MessageItem = memo(function MessageItem(props: {
  sender: string;
  nickname?: string | null;
  avatar?: string | null;
  onPerson?: (username: string) => void;
  ts: number;
  text: string;
  own: boolean;
  state?: string;
  children?: React.ReactNode;
  /** A stored message: its quote, reactions, actions and edit state. */
  message?: ChatMessage;
  /** The reader, whose mentions are highlighted. */
  me?: string;
  actions?: MessageActions;
  editing?: boolean;
  moderator?: boolean;
}) {
  const date = new Date(props.ts);
  const m = props.message;
  const actions = props.actions;
  return (
    <li
      className={props.own ? 'message own' : 'message'}
      data-state={props.state ?? 'stored'}
      data-message-id={m?.id}
      data-deleted={m?.deleted ? 'true' : undefined}
    >
      <div className="message-meta">
        <Avatar username={props.sender} nickname={props.nickname} url={props.avatar} size={20} />
        <button type="button" className="sender person-name" onClick={() => props.onPerson?.(props.sender)}>
          {props.nickname ? (
            <>
              <span dir="auto">{props.nickname}</span> <span className="muted">@{props.sender}</span>
            </>
          ) : (
            props.sender
          )}
        </button>
        <time dateTime={date.toISOString()} title={date.toLocaleString()}>
          {formatTime(date)}
        </time>
      </div>
      {m?.replyTo && <QuoteLine quote={m.replyTo} />}
      {m?.deleted ? (
        <p className="message-text muted deleted">
          <em>message deleted</em>
        </p>
      ) : m && actions && props.editing ? (
        <InlineEditor message={m} actions={actions} />
      ) : (
        <MessageText text={props.text} me={props.me} />
      )}
      {m?.editedAt && !m.deleted && (
        <span className="edited muted" title={new Date(m.editedAt).toLocaleString()}>
          (edited)
        </span>
      )}
      {m && actions && m.reactions && m.reactions.length > 0 && (
        <ReactionChips reactions={m.reactions} onToggle={(emoji, on) => actions.onReact(m.id, emoji, on)} />
      )}
      {m && actions && !m.deleted && !props.editing && (
        <MessageToolbar message={m} canEdit={props.own} canDelete={props.own || !!props.moderator} actions={actions} />
      )}
      {props.children}
    </li>
  );
});

/** "14:05" today, "Nov 23, 14:05" on another day. */
function formatTime(date: Date): string {
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === new Date().toDateString()) return time;
  return `${date.toLocaleDateString([], { month: 'short', day: 'numeric' })}, ${time}`;
}
