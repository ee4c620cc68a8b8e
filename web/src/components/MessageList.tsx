import { Fragment, memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChatFile, ChatMessage } from '../api/types';
import type { OutgoingMessage } from '../realtime/room-state';
import { Avatar } from './Avatar';
import type { PersonInfo } from './MemberList';
import { InlineEditor, MessageToolbar, QuoteLine, ReactionChips, type MessageActions } from './MessageExtras';
import { MessageText } from './MessageText';
import { MessageFiles } from './MessageFiles';

/** Messages kept in the page at most (the newest ones): a long session stays fast. More come
 *  back, this many at a time, with "Show earlier messages". */
export const DOM_WINDOW = 300;

/** Within this many pixels of the bottom, the list follows new messages. */
const STICK_TO_BOTTOM_PX = 80;

/** Within this many pixels of the top, scrolling up brings earlier messages by itself. */
const LOAD_OLDER_PX = 200;

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
  /** Scroll to and mark this message once it is loaded (a search result). */
  focusSeq?: number;
  /** Each change scrolls to the newest message and follows new ones again (Esc). */
  toEnd?: number;
  /** The user had read the room up to this seq when it opened: a "New" divider goes before the
   *  first later message from someone else. */
  newAfterSeq?: number;
}

/** Stored messages, then the user's unacknowledged ones. Follows the newest message unless the
 *  user has scrolled up (then a pill counts what arrived since, and takes them down to it); keeps
 *  the view still when an older page is added above, and at the newest message when the list
 *  gets shorter (a banner above it); scrolling near the top brings earlier messages. */
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
  focusSeq,
  toEnd = 0,
  newAfterSeq,
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
  const focused = useRef(false);
  const newestSeq = messages[messages.length - 1]?.seq ?? 0;
  // Scrolled away from the newest message, and the newest seq seen while still there.
  const [away, setAway] = useState(false);
  const seenSeq = useRef(newestSeq);
  if (!away) seenSeq.current = newestSeq;
  const unseen = away ? messages.filter((m) => m.seq > seenSeq.current && m.sender !== me).length : 0;
  const growing = useRef(false); // an earlier window or page was asked for and has not come yet
  const newIndex = newAfterSeq === undefined ? -1 : shown.findIndex((m) => m.seq > newAfterSeq && m.sender !== me);
  // The message to show may be older than the window: widen it to include it.
  const focusIndex = focusSeq ? messages.findIndex((m) => m.seq === focusSeq) : -1;
  if (focusIndex >= 0 && focusIndex < messages.length - limit) setLimit(messages.length - focusIndex);

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const firstId = shown[0]?.id ?? 0;
    const olderAdded = previous.current.firstId !== 0 && firstId !== previous.current.firstId && !stick.current;
    if (olderAdded) el.scrollTop += el.scrollHeight - previous.current.height;
    else if (stick.current) el.scrollTop = el.scrollHeight;
    const target = focusSeq && !focused.current ? el.querySelector(`[data-seq="${focusSeq}"]`) : null;
    if (target) {
      focused.current = true;
      stick.current = false;
      target.scrollIntoView?.({ block: 'center' });
    }
    previous.current = { firstId, height: el.scrollHeight };
    growing.current = false;
  }, [shown, outbox.length]);

  // The list gets shorter (a banner appears above it, the keyboard opens): keep the newest
  // message in view if it was.
  useEffect(() => {
    const el = list.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!loadingOlder) growing.current = false;
  }, [loadingOlder]);

  useLayoutEffect(() => {
    if (toEnd === 0 || !list.current) return;
    stick.current = true;
    setAway(false);
    list.current.scrollTop = list.current.scrollHeight;
  }, [toEnd]);

  const toBottom = () => {
    const el = list.current!;
    stick.current = true;
    setAway(false);
    el.scrollTop = el.scrollHeight;
  };

  const onScroll = () => {
    const el = list.current!;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_TO_BOTTOM_PX;
    setAway(!stick.current);
    previous.current.height = el.scrollHeight;
    if (el.scrollTop > LOAD_OLDER_PX || growing.current) return;
    if (trimmed) {
      growing.current = true;
      setLimit((l) => l + DOM_WINDOW);
    } else if (hasOlder && !loadingOlder) {
      growing.current = true;
      onLoadOlder();
    }
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
        {shown.map((m, i) => (
          <Fragment key={m.id}>
            {!sameDay(shown[i - 1]?.ts, m.ts) && <DaySeparator ts={m.ts} />}
            {i === newIndex && (
              <li className="day-separator new-divider" role="separator" aria-label="New messages">
                <span>New</span>
              </li>
            )}
            <MessageItem
              continues={continues(shown[i - 1], m)}
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
              focused={m.seq === focusSeq}
            />
          </Fragment>
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
            files={o.files}
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
      {unseen > 0 && (
        <button type="button" className="new-messages-pill" onClick={toBottom}>
          {unseen} new {unseen === 1 ? 'message' : 'messages'} ↓
        </button>
      )}
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
  focused?: boolean;
  /** The same sender wrote the message before, moments earlier: no name and avatar again. */
  continues?: boolean;
  /** A message being sent: its files (a stored one's are its message's). */
  files?: ChatFile[];
}) {
  const date = new Date(props.ts);
  const [expanded, setExpanded] = useState(false);
  // On a touch screen a long press (the context menu) shows the message's actions.
  const [actionsOpen, setActionsOpen] = useState(false);
  const long = !expanded && isLong(props.text);
  const m = props.message;
  const actions = props.actions;
  return (
    <li
      onContextMenu={(e) => {
        if (!props.message || !window.matchMedia?.('(hover: none)').matches) return;
        e.preventDefault();
        setActionsOpen((open) => !open);
      }}
      className={[
        'message',
        props.own ? 'own' : '',
        props.focused ? 'focused' : '',
        props.continues ? 'continues' : '',
        actionsOpen ? 'actions-open' : '',
      ]
        .join(' ')
        .trim()}
      data-state={props.state ?? 'stored'}
      data-message-id={m?.id}
      data-seq={m?.seq}
      data-deleted={m?.deleted ? 'true' : undefined}
    >
      {props.continues ? (
        <div className="message-meta continued">
          <span className="visually-hidden">{props.nickname ?? props.sender}</span>
          <time dateTime={date.toISOString()} title={date.toLocaleString()}>
            {formatTime(date)}
          </time>
        </div>
      ) : (
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
      )}
      {m?.replyTo && <QuoteLine quote={m.replyTo} />}
      {m?.deleted ? (
        <p className="message-text muted deleted">
          <em>message deleted</em>
        </p>
      ) : m && actions && props.editing ? (
        <InlineEditor message={m} actions={actions} />
      ) : (
        <>
          {props.text !== '' && <MessageText text={long ? collapsed(props.text) : props.text} me={props.me} />}
          {long && (
            <button type="button" className="link-button show-more" onClick={() => setExpanded(true)}>
              Show more
            </button>
          )}
        </>
      )}
      {!m?.deleted && (m?.files ?? props.files)?.length ? <MessageFiles files={m?.files ?? props.files ?? []} /> : null}
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

/** Messages longer than this many lines (or characters) show their start and "Show more". */
export const COLLAPSE_LINES = 20;
const COLLAPSE_CHARS = 2000;
/** Within this long after the sender's previous message, a message joins it. */
export const GROUP_WITHIN_MS = 5 * 60_000;

export function isLong(text: string): boolean {
  return text.length > COLLAPSE_CHARS || text.split('\n').length > COLLAPSE_LINES;
}

function collapsed(text: string): string {
  return text.split('\n').slice(0, COLLAPSE_LINES).join('\n').slice(0, COLLAPSE_CHARS) + '…';
}

/** Whether `m` continues `previous`: same sender, same day, within GROUP_WITHIN_MS. */
export function continues(previous: ChatMessage | undefined, m: ChatMessage): boolean {
  return (
    !!previous &&
    previous.sender === m.sender &&
    m.ts - previous.ts < GROUP_WITHIN_MS &&
    sameDay(previous.ts, m.ts) &&
    !m.replyTo
  );
}

function sameDay(a: number | undefined, b: number): boolean {
  return a !== undefined && new Date(a).toDateString() === new Date(b).toDateString();
}

/** "Today", "Yesterday" or the date, between the messages of two days. */
function DaySeparator({ ts }: { ts: number }) {
  const date = new Date(ts);
  const today = new Date();
  const yesterday = new Date(today.getTime() - 86_400_000);
  const label =
    date.toDateString() === today.toDateString()
      ? 'Today'
      : date.toDateString() === yesterday.toDateString()
        ? 'Yesterday'
        : date.toLocaleDateString([], { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
  return (
    <li className="day-separator" role="separator" aria-label={label}>
      <span>{label}</span>
    </li>
  );
}

/** "14:05" today, "Nov 23, 14:05" on another day. */
function formatTime(date: Date): string {
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === new Date().toDateString()) return time;
  return `${date.toLocaleDateString([], { month: 'short', day: 'numeric' })}, ${time}`;
}
