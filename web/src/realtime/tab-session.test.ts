// The signed-in shell's socket: one per tab, retried at once when the browser is back online,
// and its rooms left when the shell goes.
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { useNewTabSession } from './tab-session';
import { FakeServer } from './testing/fake-socket';

let server: FakeServer;
beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeServer();
});
afterEach(() => vi.useRealTimers());

it('opens one socket, retries at once when the browser is back online, and leaves its rooms at the end', () => {
  const hook = renderHook(() => useNewTabSession(1, { createSocket: server.createSocket }));
  expect(server.sockets).toHaveLength(1);
  act(() => server.latest().open());
  const first = server.latest();
  hook.result.current.rooms.open(7);
  act(() => first.drop());
  act(() => void window.dispatchEvent(new Event('online')));
  expect(server.sockets).toHaveLength(2);
  const second = server.latest();
  act(() => second.open());
  expect(second.sentOfType('join')).toEqual([{ type: 'join', roomId: 7 }]);
  hook.unmount();
  expect(second.sentOfType('leave')).toEqual([{ type: 'leave', roomId: 7 }]);
  expect(second.closedWith).toBe(1000);
});
