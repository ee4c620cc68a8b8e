// The tab's socket alone (the heartbeat and backoff are also exercised through useWebSocket).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECONNECT_MAX_MS } from './backoff';
import { SESSION_ENDED_CLOSE_CODE, SessionSocket, type ServerFrame } from './session-socket';
import { FakeServer } from './testing/fake-socket';

let server: FakeServer;
beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeServer();
});
afterEach(() => vi.useRealTimers());

function start(extra: Partial<ConstructorParameters<typeof SessionSocket>[0]> = {}) {
  const session = new SessionSocket({ url: 'ws://t/ws', createSocket: server.createSocket, random: () => 0, ...extra });
  session.start();
  return session;
}

describe('SessionSocket', () => {
  it('tells every listener of opens, frames and closes, in order', () => {
    const session = start();
    const heard: string[][] = [[], []];
    for (const log of heard)
      session.listen({
        opened: () => log.push('opened'),
        frame: (f: ServerFrame) => log.push(f.type),
        closed: (status) => log.push(status),
      });
    server.latest().open();
    server.latest().receive({ type: 'pong' });
    server.latest().receiveRaw('not json');
    server.latest().drop();
    expect(heard[0]).toEqual(['opened', 'pong', 'reconnecting']);
    expect(heard[1]).toEqual(heard[0]);
  });

  it('opens one socket however often it is started, and again after stop()', () => {
    const session = start();
    session.start();
    expect(server.sockets).toHaveLength(1);
    server.latest().open();
    session.stop();
    expect(server.latest().closedWith).toBe(1000);
    expect(session.status).toBe('disconnected');
    vi.advanceTimersByTime(RECONNECT_MAX_MS * 2);
    expect(server.sockets).toHaveLength(1);
    session.start();
    expect(server.sockets).toHaveLength(2);
  });

  it('ends for good when the session ends: no reconnect, not even on retryNow', () => {
    let ended = 0;
    const session = start({ onSessionEnded: () => ended++ });
    server.latest().open();
    server.latest().drop(SESSION_ENDED_CLOSE_CODE);
    expect(ended).toBe(1);
    session.retryNow();
    session.start();
    vi.advanceTimersByTime(RECONNECT_MAX_MS * 2);
    expect(server.sockets).toHaveLength(1);
    expect(session.status).toBe('disconnected');
  });

  it('sends only while open', () => {
    const session = start();
    expect(session.send({ type: 'ping' })).toBe(false);
    server.latest().open();
    expect(session.send({ type: 'ping' })).toBe(true);
    expect(server.latest().sentOfType('ping')).toHaveLength(1);
  });
});
