// What one chat room looks like to the user, and every way it changes: a pure reducer, so the
// rules (merge by seq without duplicates, the outbox, section 6 of the design) are tested alone.
import type { ChatMessage, Member } from '../api/types';

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
  /** The newest seq the room is known to have (from `joined` and live messages). */
  knownLastSeq: number;
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
  roomClosed: false,
  retryAt: null,
};

/** Everything that changes a room's state. */
export type RoomAction =
  | { type: 'socket_opened' }
  | { type: 'socket_closed'; status: 'reconnecting' | 'disconnected'; roomClosed?: boolean; retryAt?: number }
  | { type: 'joined'; members: Member[]; history: ChatMessage[]; hasMore: boolean; lastSeq: number; resumed: boolean }
  | { type: 'members_listed'; members: Member[] }
  | { type: 'member_presence'; user: string; userId?: number; online: boolean }
  | { type: 'message_received'; message: ChatMessage }
  | { type: 'history_received'; messages: ChatMessage[]; hasMore: boolean; direction: 'older' | 'newer' }
  | { type: 'older_requested' }
  | { type: 'message_queued'; clientMsgId: string; text: string; createdAt: number }
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
      const merged = withMessages(state, action.history);
      return {
        ...merged,
        joined: true,
        members: action.members,
        hasOlder: action.resumed ? state.hasOlder : action.hasMore,
        knownLastSeq: Math.max(merged.knownLastSeq, action.lastSeq),
      };
    }
    case 'members_listed':
      return { ...state, members: action.members };
    case 'member_presence':
      return withPresence(state, action.user, action.userId, action.online);
    case 'message_received':
      return withMessages(state, [action.message]);
    case 'history_received': {
      const merged = withMessages(state, action.messages);
      if (action.direction === 'newer') return merged;
      return { ...merged, hasOlder: action.hasMore, loadingOlder: false };
    }
    case 'older_requested':
      return { ...state, loadingOlder: true };
    case 'message_queued':
      return {
        ...state,
        outbox: [
          ...state.outbox,
          { clientMsgId: action.clientMsgId, text: action.text, status: 'pending', createdAt: action.createdAt },
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
 * The seq after which the room has messages this client has not shown, or null when nothing
 * is missing: the first hole in the shown seqs, or the newest shown when the room is known to
 * have newer ones. Older messages before the first shown are not a gap ("load older" pages them).
 */
export function missingAfterSeq(state: RoomState): number | null {
  const { messages, knownLastSeq } = state;
  if (messages.length === 0) return null;
  for (let i = 1; i < messages.length; i++) {
    if (messages[i].seq !== messages[i - 1].seq + 1) return messages[i - 1].seq;
  }
  const newest = messages[messages.length - 1].seq;
  return newest < knownLastSeq ? newest : null;
}
