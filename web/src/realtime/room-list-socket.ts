// The app-wide socket that keeps the sidebar current: it joins no room, so the server sends it
// room_activity, read, room_added and room_removed for every room of the user.
import { reconnectDelayMs } from './backoff';
import { SESSION_ENDED_CLOSE_CODE, type SocketLike } from './chat-connection';
import type { ReadMarker, RoomActivity } from './room-list';

/** An event this socket passes on; other frames are ignored. */
export type RoomListMessage =
  | RoomActivity
  | ReadMarker
  | { type: 'room_added'; roomId: number }
  | { type: 'room_removed'; roomId: number; reason: string };

export interface RoomListSocketOptions {
  url: string;
  /** Each event, in order. */
  onMessage: (m: RoomListMessage) => void;
  /** The socket (re)opened: whatever happened while it was down is unknown, so reload. */
  onOpen: () => void;
  /** The session ended: no reconnect follows. */
  onSessionEnded?: () => void;
  createSocket?: (url: string) => SocketLike;
  random?: () => number;
}

/** The events this socket passes on. */
export const ROOM_LIST_EVENT_TYPES: ReadonlySet<string> = new Set([
  'room_activity',
  'read',
  'room_added',
  'room_removed',
]);

/** Parses one frame; null for anything that is not a room-list event. */
export function parseRoomListMessage(data: string): RoomListMessage | null {
  try {
    const v = JSON.parse(data) as { type?: unknown; roomId?: unknown };
    if (typeof v !== 'object' || v === null || typeof v.type !== 'string' || !ROOM_LIST_EVENT_TYPES.has(v.type))
      return null;
    if (typeof v.roomId !== 'number') return null;
    return v as RoomListMessage;
  } catch {
    return null;
  }
}

/** Opens at start(), reconnects with backoff until stop(). Never throws. */
export class RoomListSocket {
  private socket: SocketLike | null = null;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly options: RoomListSocketOptions) {}

  start(): void {
    if (!this.socket && !this.timer && !this.stopped) this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.socket?.close(1000);
    this.socket = null;
  }

  private open(): void {
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url));
    const socket = create(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.options.onOpen();
    };
    socket.onmessage = (e: MessageEvent) => {
      const m = typeof e.data === 'string' ? parseRoomListMessage(e.data) : null;
      if (m) this.options.onMessage(m);
    };
    socket.onerror = () => undefined; // onclose follows
    socket.onclose = (e: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (e.code === SESSION_ENDED_CLOSE_CODE) return this.options.onSessionEnded?.();
      const delay = reconnectDelayMs(this.attempts++, this.options.random);
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!this.stopped) this.open();
      }, delay);
    };
  }
}
