// One room as a channel over the tab's socket (session-socket.ts), without React: it joins when
// the socket opens and resumes where it left off after a reconnect (`since`), sends the outbox,
// catches up on gaps, and keeps the RoomState that the useWebSocket hook renders. Leaving the
// view of a room does not leave it: the channel stays joined in the tab's cache (room-cache.ts)
// and shows the room at once when it is opened again.
import { reconnectDelayMs } from './backoff';
import { newClientMsgId } from './client-msg-id';
import { CHAT_EVENT_TYPES, type ClientRequest, type ServerEvent } from './protocol';
import type { ChatFile, RoomRow } from '../api/types';
import {
  initialRoomState,
  missingAfterSeq,
  roomReducer,
  TYPING_SHOWN_MS,
  type RoomAction,
  type RoomState,
} from './room-state';
import type { ServerFrame, SessionSocket } from './session-socket';
import { cancel, type Timer } from './timer';

/** Messages asked for per history request. */
export const HISTORY_PAGE_SIZE = 100;

/** The error shown when the user sends while the socket is down (the design's scenario 6). */
export const NOT_CONNECTED_ERROR = 'Not connected to WebSocket';

export interface ChatConnectionOptions {
  roomId: number;
  /** The tab's socket, shared with its other rooms and the room list. */
  session: SessionSocket;
  /** The signed-in user's id: which reactions are theirs. */
  userId?: number;
  /** For the join retry's jitter; [0, 1). */
  random?: () => number;
  now?: () => number;
}

/** `typing` goes out at most this often while the user types. */
export const TYPING_SEND_INTERVAL_MS = 3000;

/** Join errors that no retry can fix. */
const FATAL_JOIN_ERRORS = new Set(['room_not_found', 'forbidden']);

/**
 * A live room. Call start() once; observe with subscribe()/getState(); end with disconnect().
 * Every method may be called at any time and never throws.
 */
export class ChatConnection {
  private state: RoomState = initialRoomState;
  private readonly listeners = new Set<(state: RoomState) => void>();
  private readonly session: SessionSocket;
  private readonly now: () => number;
  private unlisten: (() => void) | null = null;
  private stopped = false;
  private everJoined = false;
  private joinFailures = 0;
  private joinTimer: Timer | null = null;
  /** The direction of each history request not answered yet, in order (answers come in order). */
  private historyRequests: ('older' | 'newer')[] = [];
  private catchingUp = false;
  private lastTypingSent = 0;

  constructor(private readonly options: ChatConnectionOptions) {
    this.now = options.now ?? Date.now;
    this.session = options.session;
  }

  /** Joins the room now if the socket is open, else once it opens; a second call does nothing. */
  start(): void {
    if (this.unlisten || this.stopped) return;
    this.unlisten = this.session.listen({
      opened: () => this.onOpened(),
      frame: (f) => this.onFrame(f),
      closed: (status, retryAt) => this.onClosed(status, retryAt),
    });
    if (this.session.isOpen()) this.onOpened();
    else if (this.session.status !== 'connecting')
      this.onClosed(this.session.status === 'reconnecting' ? 'reconnecting' : 'disconnected', this.session.retryAt);
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
  sendMessage(text: string, replyTo?: number, files: ChatFile[] = []): boolean {
    const trimmed = text.trim();
    if (trimmed === '' && files.length === 0) return false;
    if (this.state.roomClosed) return this.notConnected();
    const clientMsgId = newClientMsgId();
    this.dispatch({ type: 'message_queued', clientMsgId, text: trimmed, createdAt: this.now(), replyTo, files });
    if (this.state.joined) this.session.send(this.messageRequest(trimmed, clientMsgId, replyTo, files));
    this.lastTypingSent = 0; // the next keystroke is a new message
    return true;
  }

  /** Replaces the text of one of the user's messages; false while not joined. */
  editMessage(messageId: number, text: string): boolean {
    const trimmed = text.trim();
    return trimmed !== '' && this.sendJoined({ type: 'edit', roomId: this.options.roomId, messageId, text: trimmed });
  }

  /** Deletes a message (the user's own, or any as a group's owner); false while not joined. */
  deleteMessage(messageId: number): boolean {
    return this.sendJoined({ type: 'delete', roomId: this.options.roomId, messageId });
  }

  /** Adds (`on`) or takes back the user's reaction; false while not joined. */
  react(messageId: number, emoji: string, on: boolean): boolean {
    return this.sendJoined({ type: 'react', roomId: this.options.roomId, messageId, emoji, on });
  }

  /** The user is typing: tells the room, at most every TYPING_SEND_INTERVAL_MS. */
  typing(): void {
    const now = this.now();
    if (!this.state.joined || now - this.lastTypingSent < TYPING_SEND_INTERVAL_MS) return;
    if (this.session.send({ type: 'typing', roomId: this.options.roomId })) this.lastTypingSent = now;
  }

  /** Sends a failed message again with its original clientMsgId, so it is stored at most once;
   *  while the socket is down it waits like a new one. */
  retry(clientMsgId: string): boolean {
    const entry = this.state.outbox.find((o) => o.clientMsgId === clientMsgId);
    if (!entry) return false;
    if (this.state.roomClosed) return this.notConnected();
    this.dispatch({ type: 'message_retried', clientMsgId });
    if (this.state.joined) this.session.send(this.messageRequest(entry.text, clientMsgId, entry.replyTo, entry.files));
    return true; // otherwise it goes out with the other pending ones once the room is joined
  }

  /** Asks the server for the room's members (answered by `list`). */
  requestRoomList(): boolean {
    if (!this.session.isOpen()) return this.notConnected();
    return this.session.send({ type: 'list', roomId: this.options.roomId });
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
    this.session.send({ type: 'leave', roomId: this.options.roomId });
    this.stop(false);
  }

  /** The network came back or the page came into sight: a reconnect (or a join) waiting for its
   *  timer, or one given up, starts now. Nothing while connected or when the room is closed. */
  retryNow(): void {
    if (this.stopped) return;
    if (this.joinTimer) {
      this.clearJoinTimer();
      this.join();
    }
    this.session.retryNow();
  }

  private onOpened(): void {
    if (this.stopped) return;
    this.dispatch({ type: 'socket_opened' });
    this.join();
  }

  private join(): void {
    const roomId = this.options.roomId;
    this.session.send(
      this.everJoined ? { type: 'join', roomId, since: this.state.streamSeq } : { type: 'join', roomId },
    );
  }

  private onFrame(frame: ServerFrame): void {
    // Every event of a room names it; so does an error about a request that named it.
    if (this.stopped || !CHAT_EVENT_TYPES.has(frame.type) || Number(frame.roomId) !== this.options.roomId) return;
    this.handle(frame as unknown as ServerEvent);
  }

  private onClosed(status: 'reconnecting' | 'disconnected', retryAt: number | null): void {
    if (this.stopped) return;
    this.historyRequests = [];
    this.catchingUp = false;
    this.clearJoinTimer();
    this.dispatch({ type: 'socket_closed', status, retryAt: retryAt ?? undefined });
  }

  private handle(event: ServerEvent): void {
    const myId = this.options.userId;
    switch (event.type) {
      case 'joined': {
        const { members, history, hasMore, lastSeq } = event;
        this.dispatch({ type: 'joined', members, history, hasMore, lastSeq, resumed: this.everJoined, myId });
        this.everJoined = true;
        this.joinFailures = 0;
        this.resendPending();
        return this.catchUp();
      }
      case 'member_joined':
      case 'member_left': // applied directly: every (re)join brings the whole list with `joined`
        return this.dispatch({
          type: 'member_presence',
          user: event.user,
          userId: event.userId,
          online: event.type === 'member_joined',
        });
      case 'list':
        return this.dispatch({ type: 'members_listed', members: event.members });
      case 'message':
        this.dispatch({ type: 'message_received', message: event.message });
        return this.catchUp();
      case 'message_edited':
      case 'message_deleted':
      case 'reaction':
        this.dispatch({ type: 'change_received', change: event, myId });
        return this.catchUp();
      case 'typing':
        return this.dispatch({ type: 'typing', user: event.user, until: this.now() + TYPING_SHOWN_MS });
      case 'ack':
        if (event.clientMsgId) this.dispatch({ type: 'message_acked', clientMsgId: event.clientMsgId });
        return;
      case 'history':
        return this.onHistory(event.messages, event.hasMore);
      case 'removed':
        this.stop(true);
        return this.dispatch({
          type: 'error_set',
          error: event.reason === 'deleted' ? 'This room was deleted' : 'You were removed from this room',
        });
      case 'error':
        return this.onError(event.code, event.message, event.clientMsgId ?? null);
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
    if (clientMsgId) this.dispatch({ type: 'message_failed', clientMsgId });
    const joinFailed = !this.state.joined;
    if (joinFailed && FATAL_JOIN_ERRORS.has(code)) {
      this.stop(true);
    } else if (joinFailed && code === 'unavailable') {
      // The database failed: join again later, with the socket's backoff.
      const delay = reconnectDelayMs(this.joinFailures++, this.options.random);
      this.clearJoinTimer();
      this.joinTimer = setTimeout(() => {
        this.joinTimer = null;
        this.join();
      }, delay);
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
      if (o.status === 'pending') this.session.send(this.messageRequest(o.text, o.clientMsgId, o.replyTo, o.files));
    }
  }

  private messageRequest(text: string, clientMsgId: string, replyTo?: number, files?: ChatFile[]): ClientRequest {
    return {
      type: 'message',
      roomId: this.options.roomId,
      text,
      clientMsgId,
      ...(replyTo ? { replyTo } : {}),
      ...(files?.length ? { files: files.map((f) => f.id) } : {}),
    };
  }

  private request(request: ClientRequest & { type: 'history' }, direction: 'older' | 'newer'): boolean {
    const sent = this.session.send(request);
    if (sent) this.historyRequests.push(direction);
    return sent;
  }

  /** Sends a request about the joined room; while not joined, shows Not connected instead. */
  private sendJoined(request: ClientRequest): boolean {
    return this.state.joined ? this.session.send(request) : this.notConnected();
  }

  private notConnected(): false {
    this.dispatch({ type: 'error_set', error: NOT_CONNECTED_ERROR });
    return false;
  }

  private clearJoinTimer(): void {
    this.joinTimer = cancel(this.joinTimer);
  }

  /** Closes the room for good and shows Disconnected (the socket stays, for the other rooms). */
  private stop(roomClosed: boolean): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearJoinTimer();
    this.unlisten?.();
    this.dispatch({ type: 'socket_closed', status: 'disconnected', roomClosed });
  }

  private dispatch(action: RoomAction): void {
    const next = roomReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }
}
