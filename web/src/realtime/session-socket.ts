// The tab's one WebSocket, without React: it opens, reconnects with backoff (short while the
// page is in sight), proves a silent link with `ping`, and ends for good when the session does
// (4001). Rooms are channels over it (chat-connection.ts) and the room list listens to it too.
import { RECONNECT_HIDDEN_MAX_MS, RECONNECT_MAX_MS, reconnectDelayMs } from './backoff';
import type { ClientRequest } from './protocol';
import { cancel, type Timer } from './timer';

/** After this long without a frame from the server, send a request to prove the link works. */
export const HEARTBEAT_IDLE_MS = 25_000;
/** A link that stays silent this long after that request is dead: drop it and reconnect. */
export const HEARTBEAT_TIMEOUT_MS = 10_000;
/** Consecutive failed attempts before giving up and showing Disconnected (about 3 minutes). */
export const MAX_RECONNECT_ATTEMPTS = 20;
/** Close code for a socket the client drops itself (a dead link). */
export const CLIENT_CLOSE_CODE = 4000;
/** Close code the server uses when the socket's session ended (signed out, expired, password
 *  changed): reconnecting cannot help. */
export const SESSION_ENDED_CLOSE_CODE = 4001;

const OPEN = 1;

/** The part of the browser's WebSocket this code uses, so tests can pass a fake. */
export type SocketLike = Pick<
  WebSocket,
  'readyState' | 'send' | 'close' | 'onopen' | 'onclose' | 'onmessage' | 'onerror'
>;

export type SessionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** A server frame: a JSON object with a `type` (what each listener knows of it is its own). */
export interface ServerFrame {
  type: string;
  roomId?: number | string;
  [field: string]: unknown;
}

/** What a listener hears; every callback is optional. */
export interface SessionListener {
  /** The socket opened (again): what was heard before may be stale, rooms join again. */
  opened?: () => void;
  /** One frame from the server, in order. */
  frame?: (frame: ServerFrame) => void;
  /** The socket is down: reconnecting (the next attempt at `retryAt`), or disconnected for good
   *  (given up, stopped, or the session ended). */
  closed?: (status: 'reconnecting' | 'disconnected', retryAt: number | null) => void;
}

export interface SessionSocketOptions {
  /** The `/ws` address, e.g. from wsUrlFor(location). */
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** For the backoff's jitter; [0, 1). */
  random?: () => number;
  now?: () => number;
  /** Whether the page is in sight: the backoff stays short then. Default: always. */
  isVisible?: () => boolean;
  /** A socket closed without ever opening. Browsers hide the handshake's status, so this is
   *  where a page can find out whether the session ended (a 401). */
  onConnectFailed?: () => void;
  /** The server closed the socket because its session ended; no reconnect follows. */
  onSessionEnded?: () => void;
}

/** The `/ws` address of the server that served `location`. */
export function wsUrlFor(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** One socket and its reconnects. Call start() once, stop() at the end; never throws. */
export class SessionSocket {
  status: SessionStatus = 'connecting';
  /** When the next attempt comes while reconnecting. */
  retryAt: number | null = null;
  private socket: SocketLike | null = null;
  private failedAttempts = 0;
  private stopped = false;
  private started = false;
  private sessionEnded = false;
  private reconnectTimer: Timer | null = null;
  private heartbeatTimer: Timer | null = null;
  private readonly listeners = new Set<SessionListener>();

  constructor(private readonly options: SessionSocketOptions) {}

  /** Opens the socket; nothing while it is open or a reconnect waits. Starts again after stop()
   *  (not after the session ended). */
  start(): void {
    if (this.socket || this.reconnectTimer || this.sessionEnded) return;
    this.started = true;
    this.stopped = false;
    this.failedAttempts = 0;
    this.open();
  }

  /** Closes for good: no reconnect follows. */
  stop(): void {
    this.stopped = true;
    this.reconnectTimer = cancel(this.reconnectTimer);
    this.drop(1000, 'leaving');
    this.closed('disconnected');
  }

  /** Until the returned function is called. */
  listen(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends at once; false while the socket is not open. */
  send(request: ClientRequest): boolean {
    if (!this.isOpen()) return false;
    this.socket!.send(JSON.stringify(request)); // throws only while connecting
    return true;
  }

  isOpen(): boolean {
    return this.socket !== null && this.socket.readyState === OPEN;
  }

  /** A reconnect waiting for its timer, or one given up, starts now. */
  retryNow(): void {
    if (this.socket || !this.started) return;
    if (this.reconnectTimer) {
      this.reconnectTimer = cancel(this.reconnectTimer);
      this.open();
    } else if (this.stopped && !this.sessionEnded) {
      // Given up (or stopped): try again with a fresh backoff.
      this.closed('reconnecting');
      this.start();
    }
  }

  private open(): void {
    this.reconnectTimer = null;
    let socket: SocketLike;
    try {
      socket = (this.options.createSocket ?? ((url) => new WebSocket(url)))(this.options.url);
    } catch {
      this.failedAttempts++;
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      opened = true;
      this.failedAttempts = 0;
      this.status = 'connected';
      this.retryAt = null;
      this.armHeartbeat();
      for (const l of [...this.listeners]) l.opened?.();
    };
    socket.onmessage = (e) => socket === this.socket && this.onFrame(e.data);
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.heartbeatTimer = cancel(this.heartbeatTimer);
      if (event.code === SESSION_ENDED_CLOSE_CODE) {
        this.stopped = true;
        this.sessionEnded = true;
        this.closed('disconnected');
        this.options.onSessionEnded?.();
        return;
      }
      if (!opened) this.options.onConnectFailed?.();
      this.failedAttempts++;
      this.scheduleReconnect();
    };
  }

  private onFrame(data: unknown): void {
    this.armHeartbeat();
    if (typeof data !== 'string') return;
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof value !== 'object' || value === null || typeof (value as ServerFrame).type !== 'string') return;
    for (const l of [...this.listeners]) l.frame?.(value as ServerFrame);
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    if (this.failedAttempts > MAX_RECONNECT_ATTEMPTS) {
      this.stopped = true;
      this.closed('disconnected');
      return;
    }
    const visible = this.options.isVisible?.() ?? true;
    const delay = reconnectDelayMs(
      Math.max(0, this.failedAttempts - 1),
      this.options.random,
      visible ? RECONNECT_MAX_MS : RECONNECT_HIDDEN_MAX_MS,
    );
    this.retryAt = (this.options.now ?? Date.now)() + delay;
    this.closed('reconnecting');
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  private closed(status: 'reconnecting' | 'disconnected'): void {
    this.status = status;
    if (status === 'disconnected') this.retryAt = null;
    for (const l of [...this.listeners]) l.closed?.(status, this.retryAt);
  }

  /** Heartbeat: silence for HEARTBEAT_IDLE_MS sends a `ping` (answered by `pong`, with no
   *  database work); more silence drops the socket and reconnects. */
  private armHeartbeat(): void {
    cancel(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(() => {
      this.send({ type: 'ping' });
      this.heartbeatTimer = setTimeout(() => {
        this.drop(CLIENT_CLOSE_CODE, 'heartbeat timeout');
        this.failedAttempts++;
        this.scheduleReconnect();
      }, HEARTBEAT_TIMEOUT_MS);
    }, HEARTBEAT_IDLE_MS);
  }

  /** Closes the current socket and forgets it, so its late events are ignored. */
  private drop(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    this.heartbeatTimer = cancel(this.heartbeatTimer);
    socket?.close(code, reason); // valid codes: it never throws
  }
}
