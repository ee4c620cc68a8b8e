import { describe, expect, it } from 'vitest';
import type { MyRoom } from '../api/types';
import {
  orderedRooms,
  roomListReducer,
  totalUnread,
  unreadLabel,
  type RoomList,
  activityOfMessage,
  mentions,
} from './room-list';

const ME = 1;
const room = (id: number, over: Partial<MyRoom> = {}): MyRoom => ({
  id,
  name: `room ${id}`,
  private: false,
  kind: 'group',
  createdBy: 2,
  createdAt: 100 + id,
  lastSeq: 0,
  lastReadSeq: 0,
  unread: 0,
  lastMessage: null,
  ...over,
});
const loaded = (rooms: MyRoom[]): RoomList => roomListReducer(new Map(), { type: 'loaded', rooms }, ME);
const activity = (roomId: number, seq: number, senderId = 2, ts = 1000 + seq) =>
  ({
    type: 'room_activity',
    roomId,
    seq,
    sender: senderId === ME ? 'me' : 'bob',
    senderId,
    preview: `m${seq}`,
    ts,
  }) as const;

describe('room list', () => {
  it('orders rooms by their newest activity and names 1:1 rooms after the other person', () => {
    const other = { id: 3, username: 'carol', nickname: null, avatar: null, online: true };
    let list = loaded([room(1), room(2), room(3, { kind: 'direct', name: 'direct', other })]);
    expect(orderedRooms(list).map((r) => r.id)).toEqual([3, 2, 1]);
    expect(list.get(3)!.title).toBe('carol');
    list = roomListReducer(list, activity(1, 1), ME);
    expect(orderedRooms(list).map((r) => r.id)).toEqual([1, 3, 2]);
    expect(list.get(1)!.last).toEqual({ sender: 'bob', text: 'm1', ts: 1001 });
  });

  it("counts others' messages once each, never one's own", () => {
    let list = loaded([room(1, { lastSeq: 4, lastReadSeq: 2, unread: 2 })]);
    list = roomListReducer(list, activity(1, 5), ME);
    list = roomListReducer(list, activity(1, 5), ME); // the same event again
    list = roomListReducer(list, activity(1, 6, ME), ME);
    expect(list.get(1)!.unread).toBe(3);
    expect(list.get(1)!.lastSeq).toBe(6);
    expect(totalUnread(list)).toBe(3);
    expect(totalUnread(list, new Set([1]))).toBe(0);
  });

  it('counts mentions of the user among the unread, and clears them with the rest', () => {
    let list = loaded([room(1, { lastSeq: 2, unread: 1, mentions: 1 })]);
    list = roomListReducer(list, { ...activity(1, 3), mention: true }, ME);
    list = roomListReducer(list, activity(1, 4), ME);
    expect(list.get(1)!.mentions).toBe(2);
    expect(list.get(1)!.unread).toBe(3);
    list = roomListReducer(list, { type: 'read', roomId: 1, seq: 3 }, ME);
    expect(list.get(1)!.mentions).toBe(1); // at most what is left unread
    list = roomListReducer(list, { type: 'viewed', roomId: 1, seq: 4, last: null }, ME);
    expect(list.get(1)!.mentions).toBe(0);
  });

  it('lowers the count when a read marker moves and clears it when the room is viewed', () => {
    let list = loaded([room(1, { lastSeq: 10, lastReadSeq: 0, unread: 10 }), room(2, { lastSeq: 3, unread: 3 })]);
    list = roomListReducer(list, { type: 'read', roomId: 1, seq: 7 }, ME);
    expect(list.get(1)!.unread).toBe(3);
    list = roomListReducer(list, { type: 'read', roomId: 1, seq: 5 }, ME); // never back
    expect(list.get(1)!.lastReadSeq).toBe(7);
    list = roomListReducer(
      list,
      { type: 'viewed', roomId: 2, seq: 4, last: { sender: 'me', text: 'hi', ts: 9999 } },
      ME,
    );
    expect(list.get(2)!.unread).toBe(0);
    expect(list.get(2)!.lastSeq).toBe(4);
    expect(orderedRooms(list)[0].id).toBe(2);
    expect(totalUnread(list)).toBe(3);
  });

  it('drops removed rooms and ignores events of rooms it does not know', () => {
    let list = loaded([room(1), room(2)]);
    list = roomListReducer(list, { type: 'room_removed', roomId: 1 }, ME);
    expect([...list.keys()]).toEqual([2]);
    expect(roomListReducer(list, activity(9, 1), ME)).toBe(list);
  });

  it('shows counts past the cap as 999+', () => {
    expect(unreadLabel(7)).toBe('7');
    expect(unreadLabel(1000)).toBe('999+');
  });
});

describe('activity from the messages of joined rooms', () => {
  const frame = (text: string, senderId = 2) => ({
    type: 'message',
    roomId: 5,
    message: { id: 9, roomId: 5, seq: 12, sender: 'bob', senderId, text, ts: 1000 },
  });

  it('counts a message of a room the tab has joined like room_activity', () => {
    expect(activityOfMessage(frame('lunch?'), 'alice')).toEqual({
      type: 'room_activity',
      roomId: 5,
      seq: 12,
      sender: 'bob',
      senderId: 2,
      preview: 'lunch?',
      ts: 1000,
    });
    expect(activityOfMessage({ type: 'typing', roomId: 5 }, 'alice')).toBeNull();
  });

  it('previews 140 characters and sees mentions as the server does', () => {
    expect(activityOfMessage(frame('x'.repeat(300)), 'alice')!.preview).toHaveLength(140);
    expect(activityOfMessage(frame('hi @Alice!'), 'alice')!.mention).toBe(true);
    expect(mentions('mail bob@alice.org', 'alice')).toBe(false);
    expect(mentions('@alicex', 'alice')).toBe(false);
    expect(mentions('@al.ice', 'al.ice')).toBe(true);
    expect(mentions('@alXice', 'al.ice')).toBe(false);
  });
});
