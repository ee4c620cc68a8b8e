// The signed-in tab's socket and its rooms, for React: made once per signed-in shell, started
// while it is mounted, and handed down through TabSessionContext.
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { getProfile } from '../api/client';
import { ApiError } from '../api/http';
import { RoomCache } from './room-cache';
import { SessionSocket, wsUrlFor, type SessionSocketOptions } from './session-socket';

export interface TabSession {
  socket: SessionSocket;
  rooms: RoomCache;
}

/** The tab's session, provided by the signed-in shell. */
export const TabSessionContext = createContext<TabSession | null>(null);

/** The tab's session; only inside the signed-in shell (TabSessionContext). */
export function useTabSession(): TabSession {
  const session = useContext(TabSessionContext);
  if (!session) throw new Error('useTabSession outside the signed-in shell');
  return session;
}

/** After a socket failed to open: asks whether the session still exists, and if the server says
 *  it does not (401), calls `onSessionEnded`. */
export function checkSession(onSessionEnded: () => void): void {
  getProfile().catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 401) onSessionEnded();
  });
}

/** Makes the tab's session for the signed-in shell: one socket while mounted (back online or
 *  back in sight, it retries at once); its rooms are left when it unmounts. */
export function useNewTabSession(
  userId: number,
  options: Pick<SessionSocketOptions, 'onConnectFailed' | 'onSessionEnded' | 'createSocket'>,
): TabSession {
  const callbacks = useRef(options);
  callbacks.current = options;
  const [session] = useState<TabSession>(() => {
    const socket = new SessionSocket({
      url: wsUrlFor(window.location),
      isVisible: () => document.visibilityState === 'visible',
      createSocket: options.createSocket,
      onConnectFailed: () => callbacks.current.onConnectFailed?.(),
      onSessionEnded: () => callbacks.current.onSessionEnded?.(),
    });
    return { socket, rooms: new RoomCache(socket, userId) };
  });
  useEffect(() => {
    const { socket, rooms } = session;
    socket.start();
    const retry = () => socket.retryNow();
    const retryIfVisible = () => document.visibilityState === 'visible' && socket.retryNow();
    window.addEventListener('online', retry);
    document.addEventListener('visibilitychange', retryIfVisible);
    return () => {
      window.removeEventListener('online', retry);
      document.removeEventListener('visibilitychange', retryIfVisible);
      rooms.clear();
      socket.stop();
    };
  }, [session]);
  return session;
}
