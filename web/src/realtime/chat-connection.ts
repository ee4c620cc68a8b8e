// One room's live connection, without React: it opens the WebSocket, joins, reconnects with
// backoff and resumes where it left off, watches for a dead link, and keeps the RoomState that
// the useWebSocket hook renders.
import { RECONNECT_HIDDEN_MAX_MS, RECONNECT_MAX_MS, reconnectDelayMs } from './backoff';
import { newClientMsgId } from './client-msg-id';
import { parseServerEvent, type ClientRequest, type ServerEvent } from './protocol';
import type { RoomRow } from '../api/types';
import {
  initialRoomState,
  missingAfterSeq,
  roomReducer,
  TYPING_SHOWN_MS,
  type RoomAction,
  type RoomState,
} from './room-state';

/** After this long without a frame from the server, send a request to prove the link works. */
export const HEARTBEAT_IDLE_MS = 25_000;
/** A link that stays silent this long after that request is dead: drop it and reconnect. */
export const HEARTBEAT_TIMEOUT_MS = 10_000;
/** Consecutive failed attempts before giving up and showing Disconnected (about 3 minutes). */
export const MAX_RECONNECT_ATTEMPTS = 20;
/** Messages asked for per history request. */
export const HISTORY_PAGE_SIZE = 100;
/** Close code for a socket the client drops itself (dead link, fatal join error). */
const CLIENT_CLOSE_CODE = 4000;
/** Close code the server uses when the socket's session ended (signed out, expired, password
 *  changed): reconnecting cannot help. */
export const SESSION_ENDED_CLOSE_CODE = 4001;

/** The error shown when the user sends while the socket is down (the design's scenario 6). */
export const NOT_CONNECTED_ERROR = 'Not connected to WebSocket';

/** The part of the browser's WebSocket this class uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export interface ChatConnectionOptions {
  /** The `/ws` address, e.g. from wsUrlFor(location). */
  url: string;
  roomId: number;
  createSocket?: (url: string) => SocketLike;
  /** For the backoff's jitter; [0, 1). */
  random?: () => number;
  now?: () => number;
  /** Called when a socket closes without ever opening. Browsers hide the handshake's status,
   *  so this is where a page can find out whether the session ended (a 401). */
  onConnectFailed?: () => void;
  /** Called when the server closes the socket because its session ended; no reconnect follows. */
  onSessionEnded?: () => void;
  /** Whether the page is in sight: the backoff stays short then. Default: always. */
  isVisible?: () => boolean;
  /** The signed-in user's id: which reactions are theirs. */
  userId?: number;
}

/** `typing` goes out at most this often while the user types. */
export const TYPING_SEND_INTERVAL_MS = 3000;

const OPEN = 1;
/** Join errors that no retry can fix. */
const FATAL_JOIN_ERRORS = new Set(['room_not_found', 'forbidden']);

/** The `/ws` address of the server that served `location`. */
export function wsUrlFor(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/**
 * A live connection to one room. Call start() once; observe with subscribe()/getState(); end
 * with disconnect(). Every method may be called at any time and never throws.
 */
export class ChatConnection {
  private state: RoomState = initialRoomState;
  private readonly listeners = new Set<(state: RoomState) => void>();
  private readonly createSocket: (url: string) => SocketLike;
  private readonly random: () => number;
  private readonly now: () => number;
  private socket: SocketLike | null = null;
  private failedAttempts = 0;
  private stopped = false;
  private everJoined = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeatTimer: ReturnType<typeof setTimeout> | null = null;
  /** The direction of each history request not answered yet, in order (answers come in order). */
  private historyRequests: ('older' | 'newer')[] = [];
  private catchingUp = false;
  private lastTypingSent = 0;

  constructor(private readonly options: ChatConnectionOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** Opens the socket; a second call does nothing. */
  start(): void {
    if (!this.socket && !this.stopped && !this.reconnectTimer) this.open();
  }

  /** Calls `listener` with every new state until the returned function is called. */
  subscribe(listener: (state: RoomState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getState(): RoomState {
    return this.state;
  }

  /**
   * Sends a message with a fresh clientMsgId and shows it as pending until acknowledged. While
   * the socket is down it waits in the outbox and goes out (once: same clientMsgId) when the
   * room is joined again. Returns false (with the `Not connected to WebSocket` error) only
   * when the room is closed to the user for good.
   */
  sendMessage(text: string, replyTo?: number): boolean {
    const trimmed = text.trim();
    if (trimmed === '') return false;
    if (this.state.roomClosed) return this.notConnected();
    const clientMsgId = newClientMsgId();
    this.dispatch({ type: 'message_queued', clientMsgId, text: trimmed, createdAt: this.now(), replyTo });
    if (this.state.joined) this.send(this.messageRequest(trimmed, clientMsgId, replyTo));
    this.lastTypingSent = 0; // the next keystroke is a new message
    return true;
  }

  /** Replaces the text of one of the user's messages; false while not joined. */
  editMessage(messageId: number, text: string): boolean {
    const trimmed = text.trim();
    if (trimmed === '') return false;
    if (!this.state.joined) return this.notConnected();
    return this.send({ type: 'edit', roomId: this.options.roomId, messageId, text: trimmed });
  }

  /** Deletes a message (the user's own, or any as a group's owner); false while not joined. */
  deleteMessage(messageId: number): boolean {
    if (!this.state.joined) return this.notConnected();
    return this.send({ type: 'delete', roomId: this.options.roomId, messageId });
  }

  /** Adds (`on`) or takes back the user's reaction; false while not joined. */
  react(messageId: number, emoji: string, on: boolean): boolean {
    if (!this.state.joined) return this.notConnected();
    return this.send({ type: 'react', roomId: this.options.roomId, messageId, emoji, on });
  }

  /** The user is typing: tells the room, at most every TYPING_SEND_INTERVAL_MS. */
  typing(): void {
    const now = this.now();
    if (!this.state.joined || now - this.lastTypingSent < TYPING_SEND_INTERVAL_MS) return;
    if (this.send({ type: 'typing', roomId: this.options.roomId })) this.lastTypingSent = now;
  }

  /** Sends a failed message again with its original clientMsgId, so it is stored at most once;
   *  while the socket is down it waits like a new one. */
  retry(clientMsgId: string): boolean {
    const entry = this.state.outbox.find((o) => o.clientMsgId === clientMsgId);
    if (!entry) return false;
    if (this.state.roomClosed) return this.notConnected();
    this.dispatch({ type: 'message_retried', clientMsgId });
    if (this.state.joined) this.send(this.messageRequest(entry.text, clientMsgId, entry.replyTo));
    return true; // otherwise it goes out with the other pending ones once the room is joined
  }

  /** Asks the server for the room's members (answered by `list`). */
  requestRoomList(): boolean {
    if (!this.isOpen()) return this.notConnected();
    return this.send({ type: 'list', roomId: this.options.roomId });
  }

  /** Asks for the page of messages before the oldest one shown. */
  loadOlder(): boolean {
    const first = this.state.messages[0];
    if (!first || !this.state.hasOlder || this.state.loadingOlder || !this.state.joined) return false;
    this.dispatch({ type: 'older_requested' });
    return this.request(
      { type: 'history', roomId: this.options.roomId, beforeSeq: first.seq, limit: HISTORY_PAGE_SIZE },
      'older',
    );
  }

  clearError(): void {
    this.dispatch({ type: 'error_set', error: null });
  }

  /** Leaves the room and closes for good: no reconnect follows. Messages and members stay. */
  disconnect(): void {
    this.send({ type: 'leave', roomId: this.options.roomId });
    this.stop(1000, 'leaving');
  }

  /** The network came back or the page came into sight: a reconnect waiting for its timer, or
   *  one given up, starts now. Nothing while connected or when the room is closed for good. */
  retryNow(): void {
    if (this.socket || this.state.roomClosed) return;
    if (this.reconnectTimer) {
      this.clearReconnect();
      this.open();
    } else if (this.stopped && this.state.status === 'disconnected') {
      this.reconnect();
    }
  }

  /** After giving up (or a disconnect), tries again at once with a fresh backoff. */
  reconnect(): void {
    if (this.socket) return;
    this.stopped = false;
    this.failedAttempts = 0;
    this.clearReconnect();
    this.dispatch({ type: 'socket_closed', status: 'reconnecting' });
    this.open();
  }

  private open(): void {
    this.reconnectTimer = null;
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => socket === this.socket && this.onOpen();
    socket.onmessage = (e) => socket === this.socket && this.onFrame(e.data);
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      if (event.code === SESSION_ENDED_CLOSE_CODE) {
        this.stopped = true;
        this.options.onSessionEnded?.();
      } else if (!this.state.connected) {
        this.options.onConnectFailed?.();
      }
      this.onClosed();
    };
    socket.onerror = () => {}; // a close event always follows
  }

  private onOpen(): void {
    this.dispatch({ type: 'socket_opened' });
    const roomId = this.options.roomId;
    this.send(this.everJoined ? { type: 'join', roomId, since: this.resumeSeq() } : { type: 'join', roomId });
    this.armHeartbeat();
  }

  private onFrame(data: unknown): void {
    this.armHeartbeat();
    const event = parseServerEvent(data);
    if (event) this.handle(event);
  }

  private onClosed(): void {
    this.socket = null;
    this.clearHeartbeat();
    this.historyRequests = [];
    this.catchingUp = false;
    if (this.stopped) {
      this.dispatch({ type: 'socket_closed', status: 'disconnected' });
      return;
    }
    this.failedAttempts++;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.failedAttempts > MAX_RECONNECT_ATTEMPTS) {
      this.stopped = true;
      this.dispatch({ type: 'socket_closed', status: 'disconnected' });
      return;
    }
    const visible = this.options.isVisible?.() ?? true;
    const delay = reconnectDelayMs(
      Math.max(0, this.failedAttempts - 1),
      this.random,
      visible ? RECONNECT_MAX_MS : RECONNECT_HIDDEN_MAX_MS,
    );
    this.dispatch({ type: 'socket_closed', status: 'reconnecting', retryAt: this.now() + delay });
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  private handle(event: ServerEvent): void {
    if ('roomId' in event && Number(event.roomId) !== this.options.roomId) return;
    switch (event.type) {
      case 'joined':
        this.dispatch({
          type: 'joined',
          members: event.members,
          history: event.history,
          hasMore: event.hasMore,
          lastSeq: event.lastSeq,
          resumed: this.everJoined,
          myId: this.options.userId,
        });
        this.everJoined = true;
        this.failedAttempts = 0;
        this.resendPending();
        this.catchUp();
        return;
      case 'member_joined':
      case 'member_left':
        // Applied directly: no `list` round trip per presence change. Every (re)join brings
        // the whole member list with `joined`.
        this.dispatch({
          type: 'member_presence',
          user: event.user,
          userId: event.userId,
          online: event.type === 'member_joined',
        });
        return;
      case 'pong':
        return;
      case 'list':
        this.dispatch({ type: 'members_listed', members: event.members });
        return;
      case 'message':
        this.dispatch({ type: 'message_received', message: event.message });
        this.catchUp();
        return;
      case 'message_edited':
      case 'message_deleted':
      case 'reaction':
        this.dispatch({ type: 'change_received', change: event, myId: this.options.userId });
        this.catchUp();
        return;
      case 'typing':
        this.dispatch({ type: 'typing', user: event.user, until: this.now() + TYPING_SHOWN_MS });
        return;
      case 'ack':
        if (event.clientMsgId) this.dispatch({ type: 'message_acked', clientMsgId: event.clientMsgId });
        return;
      case 'history':
        this.onHistory(event.messages, event.hasMore);
        return;
      case 'removed':
        this.stop(1000, 'removed', true);
        this.dispatch({
          type: 'error_set',
          error: event.reason === 'deleted' ? 'This room was deleted' : 'You were removed from this room',
        });
        return;
      case 'error':
        this.onError(event.code, event.message, event.clientMsgId ?? null);
        return;
    }
  }

  private onHistory(messages: RoomRow[], hasMore: boolean): void {
    const direction = this.historyRequests.shift() ?? 'newer';
    this.dispatch({ type: 'history_received', messages, hasMore, direction, myId: this.options.userId });
    if (direction === 'newer') {
      this.catchingUp = false;
      if (messages.length > 0) this.catchUp();
    }
  }

  private onError(code: string, message: string, clientMsgId: string | null): void {
    // Not stored: the user may retry it (after a rate limit's wait, which the message says).
    if (clientMsgId && (code === 'save_failed' || code === 'rate_limited')) {
      this.dispatch({ type: 'message_failed', clientMsgId });
    }
    const joinFailed = !this.state.joined;
    if (joinFailed && FATAL_JOIN_ERRORS.has(code)) {
      this.stop(CLIENT_CLOSE_CODE, code, true);
    } else if (joinFailed && code === 'unavailable') {
      this.dropSocket(CLIENT_CLOSE_CODE, code); // the database failed: try again later
      this.onClosed();
    }
    this.dispatch({ type: 'error_set', error: message || code });
  }

  /** Asks for what the room has that is not shown, one request at a time. */
  private catchUp(): void {
    if (this.catchingUp || !this.state.joined) return;
    const after = missingAfterSeq(this.state);
    if (after === null) return;
    this.catchingUp = this.request(
      { type: 'history', roomId: this.options.roomId, afterSeq: after, limit: HISTORY_PAGE_SIZE },
      'newer',
    );
  }

  /** Sends again every message still waiting for its ack (same clientMsgId: never stored twice). */
  private resendPending(): void {
    for (const o of this.state.outbox) {
      if (o.status === 'pending') this.send(this.messageRequest(o.text, o.clientMsgId, o.replyTo));
    }
  }

  private messageRequest(text: string, clientMsgId: string, replyTo?: number): ClientRequest {
    const roomId = this.options.roomId;
    return replyTo
      ? { type: 'message', roomId, text, clientMsgId, replyTo }
      : { type: 'message', roomId, text, clientMsgId };
  }

  /** The seq to resume from: every event up to it is applied. */
  private resumeSeq(): number {
    return this.state.streamSeq;
  }

  private request(request: ClientRequest & { type: 'history' }, direction: 'older' | 'newer'): boolean {
    if (!this.send(request)) return false;
    this.historyRequests.push(direction);
    return true;
  }

  private send(request: ClientRequest): boolean {
    if (!this.isOpen()) return false;
    try {
      this.socket!.send(JSON.stringify(request));
      return true;
    } catch {
      return false;
    }
  }

  private isOpen(): boolean {
    return this.socket !== null && this.socket.readyState === OPEN;
  }

  private notConnected(): false {
    this.dispatch({ type: 'error_set', error: NOT_CONNECTED_ERROR });
    return false;
  }

  /** Heartbeat: silence for HEARTBEAT_IDLE_MS sends a `ping` (answered by `pong`, with no
   *  database work); more silence drops the socket. */
  private armHeartbeat(): void {
    this.clearHeartbeat();
    this.heartbeatTimer = setTimeout(() => {
      this.send({ type: 'ping' });
      this.heartbeatTimer = setTimeout(() => {
        this.dropSocket(CLIENT_CLOSE_CODE, 'heartbeat timeout');
        this.onClosed();
      }, HEARTBEAT_TIMEOUT_MS);
    }, HEARTBEAT_IDLE_MS);
  }

  private clearHeartbeat(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  /** Closes for good and shows Disconnected. */
  private stop(code: number, reason: string, roomClosed = false): void {
    this.stopped = true;
    this.clearReconnect();
    this.dropSocket(code, reason);
    this.dispatch({ type: 'socket_closed', status: 'disconnected', roomClosed });
  }

  /** Closes the current socket and forgets it, so its late events are ignored. */
  private dropSocket(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    this.clearHeartbeat();
    if (!socket) return;
    try {
      socket.close(code, reason);
    } catch {
      // already closed
    }
  }

  private dispatch(action: RoomAction): void {
    const next = roomReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }
}
