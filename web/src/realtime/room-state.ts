// What one chat room looks like to the user, and every way it changes: a pure reducer, so the
// rules (merge by seq without duplicates, the outbox, section 6 of the design) are tested alone.
import type { ChatFile, ChatMessage, Member, MessageChange, Reaction, RoomRow } from '../api/types';
import { isChange } from './protocol';

/** The connection as the status line shows it. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** A message the user sent that the room does not show as stored yet. */
export interface OutgoingMessage {
  clientMsgId: string;
  text: string;
  /** pending: sent or waiting to be resent; sent: acknowledged, its broadcast not seen yet;
   *  failed: the server could not store it (the user may retry). */
  status: 'pending' | 'sent' | 'failed';
  createdAt: number;
  /** The message it answers. */
  replyTo?: number;
  /** Its uploaded files, as the message will show them. */
  files?: ChatFile[];
}

/** The hook's state: section 6 of the design (`connected, messages, members, error`) and more. */
export interface RoomState {
  status: ConnectionStatus;
  connected: boolean;
  /** True between `joined` and the socket closing. */
  joined: boolean;
  /** Stored messages, ordered by seq, each once. */
  messages: ChatMessage[];
  members: Member[];
  error: string | null;
  outbox: OutgoingMessage[];
  /** Older messages exist before the first one shown. */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** The newest seq the room is known to have (from `joined` and live events). */
  knownLastSeq: number;
  /** Every event of the room up to this seq is applied (messages and changes): where a
   *  catch-up resumes. */
  streamSeq: number;
  /** Who is typing, until when (ms since the epoch). */
  typists: { user: string; until: number }[];
  /** The server closed the room to this user (it does not exist, they may not enter, or they
   *  were removed): reconnecting cannot help. */
  roomClosed: boolean;
  /** While reconnecting: when the next attempt starts (ms since the epoch). */
  retryAt: number | null;
}

export const initialRoomState: RoomState = {
  status: 'connecting',
  connected: false,
  joined: false,
  messages: [],
  members: [],
  error: null,
  outbox: [],
  hasOlder: false,
  loadingOlder: false,
  knownLastSeq: 0,
  streamSeq: 0,
  typists: [],
  roomClosed: false,
  retryAt: null,
};

/** Everything that changes a room's state. */
export type RoomAction =
  | { type: 'socket_opened' }
  | { type: 'socket_closed'; status: 'reconnecting' | 'disconnected'; roomClosed?: boolean; retryAt?: number }
  | {
      type: 'joined';
      members: Member[];
      history: RoomRow[];
      hasMore: boolean;
      lastSeq: number;
      resumed: boolean;
      myId?: number;
    }
  | { type: 'members_listed'; members: Member[] }
  | { type: 'member_presence'; user: string; userId?: number; online: boolean }
  | { type: 'message_received'; message: ChatMessage }
  | { type: 'change_received'; change: MessageChange; myId?: number }
  | { type: 'typing'; user: string; until: number }
  | { type: 'history_received'; messages: RoomRow[]; hasMore: boolean; direction: 'older' | 'newer'; myId?: number }
  | { type: 'older_requested' }
  | {
      type: 'message_queued';
      clientMsgId: string;
      text: string;
      createdAt: number;
      replyTo?: number;
      files?: ChatFile[];
    }
  | { type: 'message_acked'; clientMsgId: string }
  | { type: 'message_failed'; clientMsgId: string }
  | { type: 'message_retried'; clientMsgId: string }
  | { type: 'error_set'; error: string | null };

/** Applies one action; returns the same object when nothing changed. */
export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'socket_opened':
      return { ...state, status: 'connected', connected: true, retryAt: null };
    case 'socket_closed':
      // Section 6, transition 7: messages and members stay, the error clears.
      return {
        ...state,
        status: action.status,
        connected: false,
        joined: false,
        error: null,
        loadingOlder: false,
        roomClosed: action.roomClosed ?? false,
        retryAt: action.retryAt ?? null,
      };
    case 'joined': {
      const merged = withRows(state, action.history, action.myId ?? 0);
      const lastRow = action.history.length > 0 ? action.history[action.history.length - 1].seq : 0;
      // A fresh join's page is the room as of lastSeq; a resumed one's holds every event after
      // `since`, up to a page (hasMore: read on from its end).
      const streamSeq = action.resumed && action.hasMore ? Math.max(state.streamSeq, lastRow) : action.lastSeq;
      return {
        ...merged,
        joined: true,
        members: action.members,
        hasOlder: action.resumed ? state.hasOlder : action.hasMore,
        knownLastSeq: Math.max(merged.knownLastSeq, action.lastSeq),
        streamSeq,
      };
    }
    case 'members_listed':
      return { ...state, members: action.members };
    case 'member_presence':
      return withPresence(state, action.user, action.userId, action.online);
    case 'message_received': {
      const next = withStream(withMessages(state, [action.message]), action.message.seq);
      // Whoever sent a message has stopped typing it.
      const typists = next.typists.filter((t) => t.user !== action.message.sender);
      return typists.length === next.typists.length ? next : { ...next, typists };
    }
    case 'change_received':
      return withStream(withChange(state, action.change, action.myId ?? 0), action.change.seq);
    case 'typing': {
      const others = state.typists.filter((t) => t.user !== action.user && t.until > action.until - TYPING_SHOWN_MS);
      return { ...state, typists: [...others, { user: action.user, until: action.until }] };
    }
    case 'history_received': {
      if (action.direction === 'older') {
        // Pages back hold messages only, each as it is now.
        const merged = withMessages(
          state,
          action.messages.filter((r): r is ChatMessage => !isChange(r)),
        );
        return { ...merged, hasOlder: action.hasMore, loadingOlder: false };
      }
      const merged = withRows(state, action.messages, action.myId ?? 0);
      const lastRow = action.messages.length > 0 ? action.messages[action.messages.length - 1].seq : 0;
      const streamSeq = Math.max(state.streamSeq, lastRow, action.hasMore ? 0 : merged.knownLastSeq);
      return { ...merged, streamSeq };
    }
    case 'older_requested':
      return { ...state, loadingOlder: true };
    case 'message_queued':
      return {
        ...state,
        outbox: [
          ...state.outbox,
          {
            clientMsgId: action.clientMsgId,
            text: action.text,
            status: 'pending',
            createdAt: action.createdAt,
            ...(action.replyTo ? { replyTo: action.replyTo } : {}),
            ...(action.files?.length ? { files: action.files } : {}),
          },
        ],
      };
    case 'message_acked':
      return withOutboxStatus(state, action.clientMsgId, 'sent');
    case 'message_failed':
      return withOutboxStatus(state, action.clientMsgId, 'failed');
    case 'message_retried':
      return withOutboxStatus(state, action.clientMsgId, 'pending');
    case 'error_set':
      return state.error === action.error ? state : { ...state, error: action.error };
  }
}

/** Marks a member online or offline; someone new who comes online is added to the list. */
function withPresence(state: RoomState, user: string, userId: number | undefined, online: boolean): RoomState {
  const known = state.members.some((m) => m.user === user);
  if (!known && !online) return state;
  const members = known
    ? state.members.map((m) => (m.user === user ? { ...m, online } : m))
    : [...state.members, { id: userId ?? 0, user, online }];
  return { ...state, members };
}

/** How long "… is typing" shows after the last `typing` event. */
export const TYPING_SHOWN_MS = 5000;

/** Who is typing at `now`. */
export function typingNow(state: RoomState, now: number): string[] {
  return state.typists.filter((t) => t.until > now).map((t) => t.user);
}

/** A live event with `seq` was applied: the stream moves on when it was the next one; a later
 *  one leaves a gap that missingAfterSeq reports. */
function withStream(state: RoomState, seq: number): RoomState {
  const knownLastSeq = Math.max(state.knownLastSeq, seq);
  const streamSeq = seq === state.streamSeq + 1 ? seq : state.streamSeq;
  return { ...state, knownLastSeq, streamSeq };
}

/** Applies a catch-up's rows in seq order: messages merge, changes apply. Each change carries
 *  absolute values, so applying it over an older or the current copy gives the same result. */
function withRows(state: RoomState, rows: RoomRow[], myId: number): RoomState {
  let next = state;
  let messages: ChatMessage[] = [];
  for (const row of rows) {
    if (!isChange(row)) {
      messages.push(row);
      continue;
    }
    next = withMessages(next, messages);
    messages = [];
    next = withChange(next, row, myId);
  }
  return withMessages(next, messages);
}

/** Applies an edit, deletion or reaction to the message it concerns (and to replies quoting
 *  it); a message not shown is left alone. */
export function withChange(state: RoomState, change: MessageChange, myId: number): RoomState {
  const knownLastSeq = Math.max(state.knownLastSeq, change.seq);
  const messages = state.messages.map((m) => {
    if (m.id === change.messageId) return changed(m, change, myId);
    if (m.replyTo?.id === change.messageId && change.type !== 'reaction')
      return {
        ...m,
        replyTo: {
          ...m.replyTo,
          text: change.type === 'message_edited' ? change.text.slice(0, 200) : '',
          deleted: change.type === 'message_deleted',
        },
      };
    return m;
  });
  return { ...state, messages, knownLastSeq };
}

function changed(m: ChatMessage, change: MessageChange, myId: number): ChatMessage {
  switch (change.type) {
    case 'message_edited':
      return { ...m, text: change.text, editedAt: change.editedAt };
    case 'message_deleted':
      return { ...m, text: '', deleted: true, reactions: undefined };
    case 'reaction': {
      const reactions: Reaction[] = [...(m.reactions ?? [])];
      const at = reactions.findIndex((r) => r.emoji === change.emoji);
      const before = at >= 0 ? reactions[at] : { emoji: change.emoji, count: 0, users: [] };
      const users = before.users.filter((u) => u !== change.userId);
      if (change.on) users.push(change.userId);
      const mine = change.userId === myId ? change.on : (before.me ?? before.users.includes(myId));
      const after: Reaction = { emoji: change.emoji, count: change.count, users, me: mine };
      if (change.count <= 0) {
        if (at >= 0) reactions.splice(at, 1);
      } else if (at >= 0) {
        reactions[at] = after;
      } else {
        reactions.push(after);
      }
      return { ...m, reactions: reactions.length > 0 ? reactions : undefined };
    }
  }
}

/** Merges `incoming` into the shown messages by id, keeps seq order, and drops outbox entries
 *  whose message is now shown. */
function withMessages(state: RoomState, incoming: ChatMessage[]): RoomState {
  if (incoming.length === 0) return state;
  const messages = mergeMessages(state.messages, incoming);
  const shownIds = new Set(incoming.map((m) => m.clientMsgId).filter((id): id is string => !!id));
  const outbox = shownIds.size === 0 ? state.outbox : state.outbox.filter((o) => !shownIds.has(o.clientMsgId));
  const newest = messages.length > 0 ? messages[messages.length - 1].seq : 0;
  return { ...state, messages, outbox, knownLastSeq: Math.max(state.knownLastSeq, newest) };
}

/** `current` and `incoming` as one list ordered by seq, each message id once. */
export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const last = current[current.length - 1];
  // The common case, one live message after everything shown, needs no sort.
  if (incoming.length === 1 && (!last || incoming[0].seq > last.seq)) return [...current, incoming[0]];
  const byId = new Map<number, ChatMessage>();
  for (const m of current) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

function withOutboxStatus(state: RoomState, clientMsgId: string, status: OutgoingMessage['status']): RoomState {
  if (!state.outbox.some((o) => o.clientMsgId === clientMsgId)) return state;
  return { ...state, outbox: state.outbox.map((o) => (o.clientMsgId === clientMsgId ? { ...o, status } : o)) };
}

/**
 * The seq after which the room has events this client has not applied, or null when nothing
 * is missing: the stream's end when the room is known to have newer events. Older messages
 * before the first shown are not a gap ("load older" pages them), and neither are the seqs of
 * changes between messages.
 */
export function missingAfterSeq(state: RoomState): number | null {
  return state.streamSeq < state.knownLastSeq ? state.streamSeq : null;
}
