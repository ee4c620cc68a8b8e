// The sidebar's rooms: loaded from GET /me/rooms, then kept current by the events the tab's
// socket receives (room_activity, read, room_added, room_removed, and the messages of the rooms
// it has joined) and by the open chat page.
import type { MyRoom } from '../api/types';

/** One room as the sidebar shows it. */
export interface RoomEntry {
  id: number;
  kind: 'group' | 'direct';
  /** The group's name, or the other person's username in a 1:1 room. */
  title: string;
  lastSeq: number;
  lastReadSeq: number;
  unread: number;
  /** Unread messages that mention the user. */
  mentions: number;
  last: { sender: string; text: string; ts: number } | null;
  /** Orders the list: the newest activity first. */
  activeAt: number;
}

/** The server's `room_activity`: a message in a room this socket has not joined. */
export interface RoomActivity {
  type: 'room_activity';
  roomId: number;
  seq: number;
  sender: string;
  senderId: number;
  preview: string;
  ts: number;
  /** The message mentions the user. */
  mention?: boolean;
}
/** The server's `read`: the user's read marker in a room moved. */
export interface ReadMarker {
  type: 'read';
  roomId: number;
  seq: number;
}

export type RoomListEvent =
  | { type: 'loaded'; rooms: MyRoom[] }
  | RoomActivity
  | ReadMarker
  | { type: 'room_removed'; roomId: number }
  /** The open chat page shows the room up to `seq`, its newest message being `last`. */
  | { type: 'viewed'; roomId: number; seq: number; last: { sender: string; text: string; ts: number } | null };

/** An event the room list takes from the tab's socket. */
export type RoomListMessage =
  | RoomActivity
  | ReadMarker
  | { type: 'room_added'; roomId: number }
  | { type: 'room_removed'; roomId: number; reason: string };

/** The events the room list takes as they are (a `message` of a joined room becomes activity
 *  through activityOfMessage). */
export const ROOM_LIST_EVENT_TYPES: ReadonlySet<string> = new Set([
  'room_activity',
  'read',
  'room_added',
  'room_removed',
]);

/** `frame` as a room-list event; null for any other frame. */
export function roomListMessageOf(frame: { type: string; roomId?: unknown }): RoomListMessage | null {
  if (!ROOM_LIST_EVENT_TYPES.has(frame.type) || typeof frame.roomId !== 'number') return null;
  return frame as RoomListMessage;
}

/** Characters of a message's text that a room_activity previews (as the server does). */
export const PREVIEW_CHARS = 140;

/** Whether `text` mentions `username` (`@name`, not inside an address such as a@b.c), as the
 *  server reads mentions. */
export function mentions(text: string, username: string): boolean {
  const name = username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_.@])@${name}(?![A-Za-z0-9_.-])`, 'i').test(text);
}

/** A `message` of a room the tab's socket has joined (such a socket hears no room_activity for
 *  it) as the activity the room list counts; null for any other frame. */
export function activityOfMessage(
  frame: { type: string; roomId?: unknown; message?: unknown },
  myName: string,
): RoomActivity | null {
  if (frame.type !== 'message' || typeof frame.roomId !== 'number') return null;
  const m = frame.message as { seq?: unknown; sender?: unknown; senderId?: unknown; text?: unknown; ts?: unknown };
  if (typeof m?.seq !== 'number' || typeof m.senderId !== 'number' || typeof m.text !== 'string') return null;
  const activity: RoomActivity = {
    type: 'room_activity',
    roomId: frame.roomId,
    seq: m.seq,
    sender: String(m.sender),
    senderId: m.senderId,
    preview: [...m.text].slice(0, PREVIEW_CHARS).join(''),
    ts: Number(m.ts),
  };
  if (mentions(m.text, myName)) activity.mention = true;
  return activity;
}

/** The rooms by id. */
export type RoomList = ReadonlyMap<number, RoomEntry>;

export function entryOf(r: MyRoom): RoomEntry {
  const m = r.lastMessage;
  return {
    id: r.id,
    kind: r.kind,
    title: r.kind === 'direct' ? (r.other?.username ?? r.name) : r.name,
    lastSeq: r.lastSeq,
    lastReadSeq: r.lastReadSeq,
    unread: r.unread,
    mentions: r.mentions ?? 0,
    last: m ? { sender: m.sender, text: m.text, ts: m.ts } : null,
    activeAt: m?.ts ?? r.createdAt,
  };
}

/** The list after `event`; `me` is the signed-in user's id (their own messages are never unread). */
export function roomListReducer(list: RoomList, event: RoomListEvent, me: number): RoomList {
  if (event.type === 'loaded') return new Map(event.rooms.map((r) => [r.id, entryOf(r)]));
  const room = list.get(event.roomId);
  if (!room) return list;
  const next = new Map(list);
  switch (event.type) {
    case 'room_activity': {
      if (event.seq <= room.lastSeq) return list; // already counted
      const counts = event.senderId !== me && event.seq > room.lastReadSeq;
      next.set(room.id, {
        ...room,
        lastSeq: event.seq,
        unread: room.unread + (counts ? 1 : 0),
        mentions: room.mentions + (counts && event.mention ? 1 : 0),
        last: { sender: event.sender, text: event.preview, ts: event.ts },
        activeAt: Math.max(room.activeAt, event.ts),
      });
      return next;
    }
    case 'read': {
      if (event.seq <= room.lastReadSeq) return list;
      // Without the senders of the messages in between, the count can only be bounded: at most
      // what is left after the marker. GET /me/rooms gives the exact figure on the next load.
      const left = Math.max(0, room.lastSeq - event.seq);
      const unread = Math.min(room.unread, left);
      next.set(room.id, { ...room, lastReadSeq: event.seq, unread, mentions: Math.min(room.mentions, unread) });
      return next;
    }
    case 'viewed': {
      const last = event.last ?? room.last;
      next.set(room.id, {
        ...room,
        lastSeq: Math.max(room.lastSeq, event.seq),
        lastReadSeq: Math.max(room.lastReadSeq, event.seq),
        unread: 0,
        mentions: 0,
        last,
        activeAt: Math.max(room.activeAt, last?.ts ?? 0),
      });
      return next;
    }
    case 'room_removed':
      next.delete(room.id);
      return next;
  }
}

/** The rooms, newest activity first. */
export function orderedRooms(list: RoomList): RoomEntry[] {
  return [...list.values()].sort((a, b) => b.activeAt - a.activeAt || b.id - a.id);
}

/** Unread messages over the rooms not `muted`, for the tab title. */
export function totalUnread(list: RoomList, muted: ReadonlySet<number> = new Set()): number {
  let total = 0;
  for (const r of list.values()) if (!muted.has(r.id)) total += r.unread;
  return total;
}

/** "3", or "999+" past the server's count cap. */
export function unreadLabel(unread: number): string {
  return unread >= 1000 ? '999+' : String(unread);
}
