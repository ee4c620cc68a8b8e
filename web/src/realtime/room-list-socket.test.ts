import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SESSION_ENDED_CLOSE_CODE } from './chat-connection';
import { parseRoomListMessage, RoomListSocket, type RoomListMessage } from './room-list-socket';
import { FakeSocket } from './testing/fake-socket';

describe('room list socket', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function start() {
    const sockets: FakeSocket[] = [];
    const got: RoomListMessage[] = [];
    const calls = { opens: 0, ended: 0 };
    const socket = new RoomListSocket({
      url: 'ws://x/ws',
      onMessage: (m) => got.push(m),
      onOpen: () => calls.opens++,
      onSessionEnded: () => calls.ended++,
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      random: () => 0,
    });
    socket.start();
    return { socket, sockets, got, calls };
  }

  it('passes on room-list events only, and reloads on every open', () => {
    const { sockets, got, calls } = start();
    sockets[0].open();
    expect(calls.opens).toBe(1);
    sockets[0].receiveRaw(
      JSON.stringify({ type: 'room_activity', roomId: 3, seq: 1, sender: 'bob', senderId: 2, preview: 'hi', ts: 5 }),
    );
    sockets[0].receiveRaw(JSON.stringify({ type: 'message', roomId: 3 }));
    sockets[0].receiveRaw('not json');
    sockets[0].receiveRaw(JSON.stringify({ type: 'read', roomId: 'x', seq: 1 }));
    expect(got.map((m) => m.type)).toEqual(['room_activity']);
  });

  it('reconnects after a drop and stops for good when the session ends', () => {
    const { socket, sockets, calls } = start();
    sockets[0].open();
    sockets[0].drop();
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(2);
    sockets[1].open();
    expect(calls.opens).toBe(2);
    sockets[1].drop(SESSION_ENDED_CLOSE_CODE);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(2);
    expect(calls.ended).toBe(1);
    socket.stop();
  });

  it('parses what it knows', () => {
    expect(parseRoomListMessage('{"type":"room_added","roomId":4}')).toEqual({ type: 'room_added', roomId: 4 });
    expect(parseRoomListMessage('[]')).toBeNull();
    expect(parseRoomListMessage('null')).toBeNull();
  });
});
