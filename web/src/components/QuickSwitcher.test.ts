import { describe, expect, it } from 'vitest';
import type { RoomEntry } from '../realtime/room-list';
import { matchingRooms } from './QuickSwitcher';

const room = (id: number, title: string): RoomEntry => ({
  id,
  kind: 'group',
  title,
  lastSeq: 0,
  lastReadSeq: 0,
  unread: 0,
  mentions: 0,
  last: null,
  activeAt: 0,
});

describe('matchingRooms', () => {
  it('finds rooms by any part of their name, ignoring case, in list order', () => {
    const rooms = [room(1, 'Design'), room(2, 'ops'), room(3, 'Designers lounge')];
    expect(matchingRooms(rooms, 'SIGN').map((r) => r.id)).toEqual([1, 3]);
    expect(matchingRooms(rooms, '  ').map((r) => r.id)).toEqual([1, 2, 3]);
    expect(matchingRooms(rooms, 'zzz')).toEqual([]);
  });
});
