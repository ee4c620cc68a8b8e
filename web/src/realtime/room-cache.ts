// The rooms a tab has open over its one socket: a room left on screen stays joined here, so
// opening it again shows it at once, current, with no new join.
import { ChatConnection } from './chat-connection';
import type { SessionSocket } from './session-socket';

/** Rooms kept joined after their page was left, at most: the least recently opened one beyond
 *  this leaves (each costs the server a membership and the tab its messages). */
export const ROOMS_KEPT = 20;

export class RoomCache {
  /** By room id, least recently opened first. */
  private readonly rooms = new Map<number, ChatConnection>();

  constructor(
    private readonly session: SessionSocket,
    private readonly userId?: number,
    private readonly kept = ROOMS_KEPT,
  ) {}

  /** The room's connection, joining it if it is not kept already (or was closed for good). */
  open(roomId: number): ChatConnection {
    let room = this.rooms.get(roomId);
    this.rooms.delete(roomId);
    if (!room || room.getState().roomClosed) {
      room = new ChatConnection({ roomId, session: this.session, userId: this.userId });
      room.start();
    }
    this.rooms.set(roomId, room);
    for (const [id, old] of this.rooms) {
      if (this.rooms.size <= this.kept) break;
      old.disconnect();
      this.rooms.delete(id);
    }
    return room;
  }

  /** Leaves the room and forgets it. */
  close(roomId: number): void {
    this.rooms.get(roomId)?.disconnect();
    this.rooms.delete(roomId);
  }

  /** Leaves every room. */
  clear(): void {
    for (const id of [...this.rooms.keys()]) this.close(id);
  }

  /** The rooms kept, least recently opened first. */
  ids(): number[] {
    return [...this.rooms.keys()];
  }
}
