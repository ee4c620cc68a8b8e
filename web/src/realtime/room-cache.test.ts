// Rooms as channels over the tab's one socket: switching rooms opens no socket and leaves no
// room; a room opened again is there at once, current; errors reach the room they name.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoomCache } from './room-cache';
import { SessionSocket } from './session-socket';
import { FakeServer, type FakeSocket } from './testing/fake-socket';
import { alice, stored } from './testing/messages';

let server: FakeServer;
let session: SessionSocket;
let socket: FakeSocket;

beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeServer();
  session = new SessionSocket({ url: 'ws://test/ws', createSocket: server.createSocket, random: () => 0.5 });
  session.start();
  socket = server.latest();
  socket.open();
});
afterEach(() => vi.useRealTimers());

function joined(roomId: number, seqs: number[]) {
  socket.receive({
    type: 'joined',
    roomId,
    members: [alice],
    history: seqs.map((seq) => ({ ...stored(seq), roomId })),
    hasMore: false,
    lastSeq: seqs[seqs.length - 1] ?? 0,
  });
}

describe('RoomCache', () => {
  it('switches rooms over the one socket without leaving the room it switched from', () => {
    const rooms = new RoomCache(session);
    rooms.open(1);
    joined(1, [1, 2]);
    rooms.open(2);
    joined(2, [1]);
    expect(server.sockets).toHaveLength(1);
    expect(socket.sentOfType('join').map((j) => j.roomId)).toEqual([1, 2]);
    expect(socket.sentOfType('leave')).toHaveLength(0);
  });

  it('shows a room opened again at once, with what arrived meanwhile, and without a new join', () => {
    const rooms = new RoomCache(session);
    const first = rooms.open(1);
    joined(1, [1, 2]);
    rooms.open(2);
    socket.receive({ type: 'message', roomId: 1, message: { ...stored(3), roomId: 1 } });
    const again = rooms.open(1);
    expect(again).toBe(first);
    expect(again.getState().messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(socket.sentOfType('join')).toHaveLength(2);
  });

  it('rejoins every kept room with since after the socket comes back', () => {
    const rooms = new RoomCache(session);
    rooms.open(1);
    joined(1, [1, 2]);
    rooms.open(2);
    joined(2, [1, 2, 3, 4]);
    socket.drop();
    vi.advanceTimersByTime(10_000);
    const next = server.latest();
    expect(next).not.toBe(socket);
    next.open();
    expect(next.sentOfType('join')).toEqual([
      { type: 'join', roomId: 1, since: 2 },
      { type: 'join', roomId: 2, since: 4 },
    ]);
  });

  it('leaves the least recently opened room beyond the rooms it keeps, and a room it closes', () => {
    const rooms = new RoomCache(session, undefined, 2);
    rooms.open(1);
    rooms.open(2);
    rooms.open(1);
    rooms.open(3);
    expect(socket.sentOfType('leave').map((l) => l.roomId)).toEqual([2]);
    expect(rooms.ids()).toEqual([1, 3]);
    rooms.close(3);
    expect(socket.sentOfType('leave').map((l) => l.roomId)).toEqual([2, 3]);
    expect(rooms.ids()).toEqual([1]);
  });

  it('gives an error to the room it names, and none to a room when it names none', () => {
    const rooms = new RoomCache(session);
    const one = rooms.open(1);
    joined(1, [1]);
    const two = rooms.open(2);
    joined(2, [1]);
    socket.receive({ type: 'error', code: 'not_joined', message: 'join the room first', roomId: 2 });
    expect(one.getState().error).toBeNull();
    expect(two.getState().error).toBe('join the room first');
    one.sendMessage('hello');
    const sent = socket.sentOfType('message')[0]!;
    socket.receive({
      type: 'error',
      code: 'save_failed',
      message: 'Failed to save message',
      roomId: 1,
      clientMsgId: sent.clientMsgId,
    });
    expect(one.getState().outbox[0]).toMatchObject({ status: 'failed' });
    expect(two.getState().error).toBe('join the room first');
    socket.receive({ type: 'error', code: 'invalid_message', message: 'the message is not valid JSON' });
    expect(one.getState().error).toBe('Failed to save message');
  });

  it('closes a room for good when it does not exist, and keeps the others', () => {
    const rooms = new RoomCache(session);
    const gone = rooms.open(7);
    const kept = rooms.open(1);
    joined(1, [1]);
    socket.receive({ type: 'error', code: 'room_not_found', message: 'that room does not exist', roomId: 7 });
    expect(gone.getState()).toMatchObject({ roomClosed: true, status: 'disconnected' });
    expect(kept.getState()).toMatchObject({ joined: true, status: 'connected' });
    expect(socket.closedWith).toBeNull();
    expect(rooms.open(7)).not.toBe(gone); // opening it again tries again
  });
});
