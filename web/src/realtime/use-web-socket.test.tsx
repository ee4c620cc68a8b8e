// The useWebSocket hook against a fake server, over a tab's socket (SessionSocket) and its room
// cache: each transition of the design's section 6, the outbox, reconnect with catch-up, the
// heartbeat, and errors.
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECONNECT_MAX_MS } from './backoff';
import { NOT_CONNECTED_ERROR } from './chat-connection';
import { HEARTBEAT_IDLE_MS, HEARTBEAT_TIMEOUT_MS, MAX_RECONNECT_ATTEMPTS } from './session-socket';
import type { ServerEvent } from './protocol';
import { FakeServer, type FakeSocket } from './testing/fake-socket';
import { alice, bob, stored } from './testing/messages';
import { RoomCache } from './room-cache';
import { SessionSocket, type SessionSocketOptions } from './session-socket';
import { useWebSocket } from './use-web-socket';

const ROOM = 1;
let server: FakeServer;

beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeServer();
});
afterEach(() => vi.useRealTimers());

let session: SessionSocket;

/** The hook over a new tab socket (started: its first socket is open()ed by the test). */
function mount(options: Partial<SessionSocketOptions> = {}) {
  session = new SessionSocket({
    url: 'ws://test/ws',
    createSocket: server.createSocket,
    random: () => 0.5,
    ...options,
  });
  const rooms = new RoomCache(session, undefined);
  session.start();
  return renderHook(() => useWebSocket(ROOM, rooms));
}

const receive = (socket: FakeSocket, event: ServerEvent) => act(() => socket.receive(event));
const joinedEvent = (
  history = [stored(1), stored(2)],
  extra: Partial<Extract<ServerEvent, { type: 'joined' }>> = {},
): ServerEvent => ({
  type: 'joined',
  roomId: ROOM,
  members: [alice, bob],
  history,
  hasMore: false,
  lastSeq: history.length ? history[history.length - 1].seq : 0,
  ...extra,
});

/** Mounts and lets the server accept the socket (the join is not answered yet). */
function mountOpen() {
  const hook = mount();
  const socket = server.latest();
  act(() => socket.open());
  return { hook, socket };
}

/** Mounts, opens the socket and answers the join with `history`. */
function mountJoined(history = [stored(1), stored(2)]) {
  const opened = mountOpen();
  receive(opened.socket, joinedEvent(history));
  return opened;
}

describe('useWebSocket: reconnecting', () => {
  it('says when the next attempt comes, and tries at once on "Retry now"', () => {
    const { hook, socket } = mountJoined();
    act(() => socket.drop());
    expect(hook.result.current.status).toBe('reconnecting');
    expect(hook.result.current.retryAt).toBeGreaterThan(0);
    const count = server.sockets.length;
    act(() => hook.result.current.retryNow());
    expect(server.sockets).toHaveLength(count + 1);
    act(() => server.latest().open());
    expect(hook.result.current.retryAt).toBeNull();
  });

  it('"Retry now" starts an attempt at once, also after giving up', () => {
    const { hook, socket } = mountJoined();
    act(() => socket.drop());
    const count = server.sockets.length;
    act(() => hook.result.current.retryNow());
    expect(server.sockets).toHaveLength(count + 1);
    act(() => hook.result.current.retryNow()); // a socket is opening: nothing more
    expect(server.sockets).toHaveLength(count + 1);
  });
});

/** However long we wait, no further socket is opened. */
/** The room is closed for good: however the tab's socket reconnects meanwhile, it never joins
 *  the room again. */
function expectNoRejoin() {
  act(() => vi.advanceTimersByTime(10 * RECONNECT_MAX_MS));
  const latest = server.latest();
  if (latest.readyState === 0) act(() => latest.open());
  expect(server.sockets.slice(1).flatMap((s) => s.sentOfType('join'))).toEqual([]);
}

/** The server drops the socket; the client's backoff timer fires and a new socket opens. */
function dropAndReopen(socket: FakeSocket): FakeSocket {
  act(() => socket.drop());
  act(() => vi.advanceTimersByTime(RECONNECT_MAX_MS));
  const next = server.latest();
  expect(next).not.toBe(socket);
  act(() => next.open());
  return next;
}

describe('useWebSocket: section 6 transitions', () => {
  it('1. mounts disconnected with nothing shown', () => {
    const { result } = mount();
    expect(result.current).toMatchObject({ connected: false, messages: [], members: [], error: null });
    expect(server.latest().url).toBe('ws://test/ws');
  });

  it('2. is connected once the socket opens, and joins the room', () => {
    const { result } = mountOpen().hook;
    expect(result.current).toMatchObject({ connected: true, status: 'connected', messages: [], members: [] });
    expect(server.latest().sent).toEqual([{ type: 'join', roomId: ROOM }]);
  });

  it('3. shows history and members from joined', () => {
    const { hook } = mountJoined();
    expect(hook.result.current.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(hook.result.current.members).toEqual([alice, bob]);
  });

  it('4. applies member_joined and member_left to the member list without asking for a list', () => {
    const { hook, socket } = mountJoined();
    receive(socket, { type: 'member_joined', roomId: ROOM, user: 'carol', userId: 3, clientId: 'c3' });
    receive(socket, { type: 'member_left', roomId: ROOM, user: 'bob', userId: 2 });
    expect(socket.sentOfType('list')).toEqual([]);
    const carol = { id: 3, user: 'carol', online: true };
    expect(hook.result.current.members).toEqual([alice, { ...bob, online: false }, carol]);
    receive(socket, { type: 'member_joined', roomId: ROOM, user: 'bob', userId: 2, clientId: 'b2' });
    expect(hook.result.current.members).toEqual([alice, bob, carol]);
  });

  it('4b. still shows a list the server sends', () => {
    const { hook, socket } = mountJoined();
    receive(socket, { type: 'list', roomId: ROOM, members: [alice] });
    expect(hook.result.current.members).toEqual([alice]);
  });

  it('5. appends a broadcast message', () => {
    const { hook, socket } = mountJoined();
    receive(socket, { type: 'message', roomId: ROOM, message: stored(3, 'Hello Bob!') });
    expect(hook.result.current.messages.map((m) => m.text)).toEqual(['message 1', 'message 2', 'Hello Bob!']);
  });

  it('6. shows a server error and keeps messages and members', () => {
    const { hook, socket } = mountJoined();
    receive(socket, { type: 'error', code: 'not_joined', message: 'join the room first', roomId: ROOM });
    expect(hook.result.current).toMatchObject({ error: 'join the room first', connected: true });
    expect(hook.result.current.messages).toHaveLength(2);
    expect(hook.result.current.members).toHaveLength(2);
  });

  it('7. keeps messages and members when the socket closes', () => {
    const { hook, socket } = mountJoined();
    act(() => socket.drop());
    expect(hook.result.current).toMatchObject({ connected: false, status: 'reconnecting', error: null });
    expect(hook.result.current.messages).toHaveLength(2);
    expect(hook.result.current.members).toEqual([alice, bob]);
  });

  it('ignores frames that are not JSON or not a known event', () => {
    const { hook, socket } = mountJoined();
    const before = hook.result.current.messages;
    act(() => socket.receiveRaw('not json'));
    act(() => socket.receiveRaw('{"type":"surprise"}'));
    expect(hook.result.current.messages).toBe(before);
    expect(hook.result.current.error).toBeNull();
  });
});

describe('useWebSocket: sending', () => {
  it('queues a message typed while offline and sends it once the room is joined', () => {
    // The design's scenario 6 refused it ("Not connected to WebSocket"); a chat people rely on
    // keeps what they typed and sends it when it can.
    const { result } = mount();
    let accepted = false;
    act(() => {
      accepted = result.current.sendMessage('typed offline');
    });
    expect(accepted).toBe(true);
    expect(result.current.error).toBeNull();
    expect(result.current.outbox).toMatchObject([{ text: 'typed offline', status: 'pending' }]);
    const socket = server.latest();
    act(() => socket.open());
    expect(socket.sentOfType('message')).toEqual([]); // not before the join is answered
    receive(socket, joinedEvent());
    const sent = socket.sentOfType('message');
    expect(sent).toMatchObject([{ roomId: ROOM, text: 'typed offline' }]);
    receive(socket, { type: 'ack', roomId: ROOM, clientMsgId: sent[0].clientMsgId, id: 103, seq: 3, ts: 1 });
    const next = dropAndReopen(socket);
    receive(next, joinedEvent());
    expect(next.sentOfType('message')).toEqual([]); // acknowledged: never sent again
  });

  it('refuses with "Not connected to WebSocket" only when the room is closed for good', () => {
    const { hook, socket } = mountOpen();
    receive(socket, { type: 'error', code: 'room_not_found', message: 'no such room', roomId: ROOM });
    let accepted = true;
    act(() => {
      accepted = hook.result.current.sendMessage('hello');
    });
    expect(accepted).toBe(false);
    expect(hook.result.current.error).toBe(NOT_CONNECTED_ERROR);
    expect(hook.result.current.outbox).toEqual([]);
  });

  it('shows a message as pending until acknowledged, then once as stored', () => {
    const { hook, socket } = mountJoined();
    act(() => void hook.result.current.sendMessage('  Hello Bob!  '));
    const [request] = socket.sentOfType('message');
    expect(request).toMatchObject({ roomId: ROOM, text: 'Hello Bob!' });
    expect(request.clientMsgId).toMatch(/^[0-9a-f-]{36}$/);
    expect(hook.result.current.outbox).toMatchObject([{ clientMsgId: request.clientMsgId, status: 'pending' }]);

    receive(socket, { type: 'ack', roomId: ROOM, clientMsgId: request.clientMsgId, id: 103, seq: 3, ts: 1 });
    expect(hook.result.current.outbox[0].status).toBe('sent');
    receive(socket, {
      type: 'message',
      roomId: ROOM,
      message: stored(3, 'Hello Bob!', { sender: 'alice', clientMsgId: request.clientMsgId }),
    });
    expect(hook.result.current.outbox).toEqual([]);
    expect(hook.result.current.messages.filter((m) => m.text === 'Hello Bob!')).toHaveLength(1);
  });

  it('marks a message failed on save_failed and retries it with the same clientMsgId', () => {
    const { hook, socket } = mountJoined();
    act(() => void hook.result.current.sendMessage('try me'));
    const id = socket.sentOfType('message')[0].clientMsgId;
    receive(socket, {
      type: 'error',
      code: 'save_failed',
      message: 'Failed to save message',
      roomId: ROOM,
      clientMsgId: id,
    });
    expect(hook.result.current.error).toBe('Failed to save message');
    expect(hook.result.current.outbox).toMatchObject([{ clientMsgId: id, status: 'failed' }]);

    act(() => void hook.result.current.retryMessage(id));
    expect(socket.sentOfType('message').map((m) => m.clientMsgId)).toEqual([id, id]);
    expect(hook.result.current.outbox[0].status).toBe('pending');
  });

  it('marks a message failed when it was refused by a rate limit', () => {
    const { hook, socket } = mountJoined();
    act(() => void hook.result.current.sendMessage('too fast'));
    const id = socket.sentOfType('message')[0].clientMsgId;
    receive(socket, {
      type: 'error',
      code: 'rate_limited',
      message: 'too many requests; slow down',
      retryAfterMs: 800,
      roomId: ROOM,
      clientMsgId: id,
    });
    expect(hook.result.current.outbox).toMatchObject([{ clientMsgId: id, status: 'failed' }]);
    expect(hook.result.current.error).toBe('too many requests; slow down');
  });

  it('does not send an empty message', () => {
    const { hook, socket } = mountJoined();
    act(() => void hook.result.current.sendMessage('   '));
    expect(socket.sentOfType('message')).toEqual([]);
    expect(hook.result.current.error).toBeNull();
  });
});

describe('useWebSocket: reconnecting', () => {
  it('reconnects after a drop and rejoins with since = the last seq shown', () => {
    const { socket } = mountJoined([stored(1), stored(2)]);
    const next = dropAndReopen(socket);
    expect(next.sent[0]).toEqual({ type: 'join', roomId: ROOM, since: 2 });
  });

  it('merges what was missed without duplicating anything shown', () => {
    const { hook, socket } = mountJoined([stored(1), stored(2)]);
    const next = dropAndReopen(socket);
    receive(next, joinedEvent([stored(2), stored(3), stored(4)], { lastSeq: 4 }));
    expect(hook.result.current.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(hook.result.current).toMatchObject({ connected: true, status: 'connected' });
  });

  it('resends unacknowledged messages with the same clientMsgId after rejoining', () => {
    const { hook, socket } = mountJoined();
    act(() => void hook.result.current.sendMessage('in flight'));
    const id = socket.sentOfType('message')[0].clientMsgId;
    const next = dropAndReopen(socket);
    expect(next.sentOfType('message')).toEqual([]); // not before the join is answered
    receive(next, joinedEvent([], { lastSeq: 2 }));
    expect(next.sentOfType('message')).toEqual([{ type: 'message', roomId: ROOM, text: 'in flight', clientMsgId: id }]);
  });

  it('does not resend a message the catch-up history shows as stored', () => {
    const { hook, socket } = mountJoined();
    act(() => void hook.result.current.sendMessage('made it'));
    const id = socket.sentOfType('message')[0].clientMsgId;
    const next = dropAndReopen(socket);
    receive(next, joinedEvent([stored(3, 'made it', { sender: 'alice', clientMsgId: id })]));
    expect(next.sentOfType('message')).toEqual([]);
    expect(hook.result.current.outbox).toEqual([]);
    expect(hook.result.current.messages.filter((m) => m.text === 'made it')).toHaveLength(1);
  });

  it('pages on through the catch-up while the server has more', () => {
    const { hook, socket } = mountJoined([stored(1)]);
    const next = dropAndReopen(socket);
    receive(next, joinedEvent([stored(2), stored(3)], { hasMore: true, lastSeq: 5 }));
    expect(next.sentOfType('history')).toEqual([{ type: 'history', roomId: ROOM, afterSeq: 3, limit: 100 }]);
    receive(next, { type: 'history', roomId: ROOM, messages: [stored(4), stored(5)], hasMore: false });
    expect(hook.result.current.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(next.sentOfType('history')).toHaveLength(1);
  });

  it('asks for the missing messages when a live seq skips ahead', () => {
    const { hook, socket } = mountJoined([stored(1), stored(2)]);
    receive(socket, { type: 'message', roomId: ROOM, message: stored(5) });
    receive(socket, { type: 'message', roomId: ROOM, message: stored(6) });
    expect(socket.sentOfType('history')).toEqual([{ type: 'history', roomId: ROOM, afterSeq: 2, limit: 100 }]);
    receive(socket, {
      type: 'history',
      roomId: ROOM,
      messages: [stored(3), stored(4), stored(5), stored(6)],
      hasMore: false,
    });
    expect(hook.result.current.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('waits longer after each failed attempt, then gives up as Disconnected', () => {
    const hook = mount();
    const delays: number[] = [];
    for (let attempt = 0; attempt <= MAX_RECONNECT_ATTEMPTS; attempt++) {
      const socket = server.latest();
      act(() => socket.drop());
      if (attempt === MAX_RECONNECT_ATTEMPTS) break;
      let waited = 0;
      while (server.latest() === socket) {
        act(() => vi.advanceTimersByTime(50));
        waited += 50;
      }
      delays.push(waited);
    }
    expect(delays[1]).toBeGreaterThan(delays[0]);
    expect(delays[4]).toBeGreaterThan(delays[3]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(RECONNECT_MAX_MS);
    expect(hook.result.current.status).toBe('disconnected');

    expectNoRejoin();
    const count = server.sockets.length;
    act(() => hook.result.current.reconnect());
    expect(server.sockets).toHaveLength(count + 1);
    expect(hook.result.current.status).toBe('reconnecting');
  });
});

describe('useWebSocket: failed handshakes', () => {
  it('reports a socket that closes without opening, and not one that opened', () => {
    const onConnectFailed = vi.fn();
    mount({ onConnectFailed });
    act(() => server.latest().drop());
    expect(onConnectFailed).toHaveBeenCalledTimes(1);

    act(() => vi.advanceTimersByTime(RECONNECT_MAX_MS));
    act(() => server.latest().open());
    act(() => server.latest().drop());
    expect(onConnectFailed).toHaveBeenCalledTimes(1);
  });
});

describe('useWebSocket: session ended', () => {
  it('stops for good and reports it when the server closes with 4001', () => {
    const onSessionEnded = vi.fn();
    const hook = mount({ onSessionEnded });
    const socket = server.latest();
    act(() => socket.open());
    act(() => socket.drop(4001));
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    expect(hook.result.current.status).toBe('disconnected');
    const sockets = server.sockets.length;
    act(() => vi.advanceTimersByTime(RECONNECT_MAX_MS * 2));
    expect(server.sockets.length).toBe(sockets);
  });
});

describe('useWebSocket: heartbeat', () => {
  it('probes a silent link with a ping and keeps it when the server answers', () => {
    const { socket } = mountJoined();
    act(() => vi.advanceTimersByTime(HEARTBEAT_IDLE_MS));
    expect(socket.sentOfType('ping')).toEqual([{ type: 'ping' }]);
    expect(socket.sentOfType('list')).toHaveLength(0);
    receive(socket, { type: 'pong' });
    act(() => vi.advanceTimersByTime(HEARTBEAT_TIMEOUT_MS));
    expect(socket.closedWith).toBeNull();
  });

  it('drops a link that stays silent and reconnects', () => {
    const { hook, socket } = mountJoined();
    act(() => vi.advanceTimersByTime(HEARTBEAT_IDLE_MS + HEARTBEAT_TIMEOUT_MS));
    expect(socket.closedWith).not.toBeNull();
    expect(hook.result.current.status).toBe('reconnecting');
    act(() => vi.advanceTimersByTime(RECONNECT_MAX_MS));
    expect(server.latest()).not.toBe(socket);
  });
});

describe('useWebSocket: ending', () => {
  it('disconnect() sends leave and closes the room, and the socket stays for the other rooms', () => {
    const { hook, socket } = mountJoined();
    act(() => hook.result.current.disconnect());
    expect(socket.sent[socket.sent.length - 1]).toEqual({ type: 'leave', roomId: ROOM });
    expect(socket.closedWith).toBeNull();
    expect(hook.result.current).toMatchObject({ connected: false, status: 'disconnected', roomClosed: false });
    expect(hook.result.current.messages).toHaveLength(2);
    expectNoRejoin();
  });

  it('stops for good when the room does not exist', () => {
    const { hook, socket } = mountOpen();
    receive(socket, { type: 'error', code: 'room_not_found', message: 'room 1 does not exist', roomId: ROOM });
    expect(hook.result.current).toMatchObject({
      status: 'disconnected',
      error: 'room 1 does not exist',
      roomClosed: true,
    });
    expectNoRejoin();
  });

  it('joins again, on the same socket, when the database could not answer the join', () => {
    const { hook, socket } = mountOpen();
    receive(socket, { type: 'error', code: 'unavailable', message: 'database unavailable, retry', roomId: ROOM });
    expect(hook.result.current).toMatchObject({
      status: 'connected',
      joined: false,
      error: 'database unavailable, retry',
    });
    expect(socket.closedWith).toBeNull(); // the socket carries other rooms too
    act(() => vi.advanceTimersByTime(RECONNECT_MAX_MS));
    expect(server.sockets).toHaveLength(1);
    expect(socket.sentOfType('join')).toHaveLength(2);
    receive(socket, joinedEvent());
    expect(hook.result.current).toMatchObject({ joined: true });
  });

  it('stops when removed from the room', () => {
    const { hook, socket } = mountJoined();
    receive(socket, { type: 'removed', roomId: ROOM, reason: 'deleted' });
    expect(hook.result.current).toMatchObject({
      status: 'disconnected',
      error: 'This room was deleted',
      roomClosed: true,
    });
    expectNoRejoin();
  });

  it('stays joined on unmount (leaving the view is not leaving the room)', () => {
    const { hook, socket } = mountJoined();
    hook.unmount();
    expect(socket.closedWith).toBeNull();
    expect(socket.sentOfType('leave')).toHaveLength(0);
  });
});

describe('useWebSocket: older messages', () => {
  it('pages back from the oldest message shown', () => {
    const { hook, socket } = mountOpen();
    receive(socket, joinedEvent([stored(50), stored(51)], { hasMore: true }));
    expect(hook.result.current.hasOlder).toBe(true);
    act(() => void hook.result.current.loadOlder());
    expect(socket.sentOfType('history')).toEqual([{ type: 'history', roomId: ROOM, beforeSeq: 50, limit: 100 }]);
    expect(hook.result.current.loadingOlder).toBe(true);
    receive(socket, { type: 'history', roomId: ROOM, messages: [stored(48), stored(49)], hasMore: false });
    expect(hook.result.current.messages.map((m) => m.seq)).toEqual([48, 49, 50, 51]);
    expect(hook.result.current).toMatchObject({ hasOlder: false, loadingOlder: false });
  });
});
