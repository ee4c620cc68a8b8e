// The sidebar's state as a React hook: GET /me/rooms on each (re)connect of the tab's socket,
// then live events from it.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { listMyRooms, markRead } from '../api/client';
import { loadMutes, saveMutes } from './notifications';
import {
  activityOfMessage,
  orderedRooms,
  roomListMessageOf,
  roomListReducer,
  totalUnread,
  type RoomActivity,
  type RoomEntry,
  type RoomList,
  type RoomListEvent,
  type RoomListMessage,
} from './room-list';
import type { SessionSocket } from './session-socket';

/** How often, at most, one room's read marker is sent while messages keep arriving. */
export const READ_MARKER_INTERVAL_MS = 1_000;

export interface UseRoomListResult {
  /** Newest activity first. */
  rooms: RoomEntry[];
  /** Unread messages over the rooms not muted. */
  unreadTotal: number;
  /** The rooms muted in this browser. */
  muted: ReadonlySet<number>;
  toggleMute: (roomId: number) => void;
  /** False until the first GET /me/rooms answered. */
  loaded: boolean;
  /** The open chat page shows `roomId` up to `seq`: the room is read there, here and on the server. */
  viewed: (roomId: number, seq: number, last: { sender: string; text: string; ts: number } | null) => void;
}

/** A message announced for a room of the list (the room as it was before it). */
export type ActivityListener = (room: RoomEntry, activity: RoomActivity) => void;

/** Keeps the signed-in user's (id `me`, username `myName`) room list while mounted, from the
 *  tab's `session`; `onActivity` hears of each new message in a room, for notifications. */
export function useRoomList(
  me: number,
  myName: string,
  session: SessionSocket,
  onActivity?: ActivityListener,
): UseRoomListResult {
  const [state, dispatch] = useReducer(
    (s: { list: RoomList; loaded: boolean }, e: RoomListEvent) => ({
      list: roomListReducer(s.list, e, me),
      loaded: s.loaded || e.type === 'loaded',
    }),
    { list: new Map(), loaded: false },
  );
  const activityListener = useRef(onActivity);
  activityListener.current = onActivity;
  const list = useRef(state.list);
  list.current = state.list;
  const [muted, setMuted] = useState<ReadonlySet<number>>(() => loadMutes());
  const marked = useRef(new Map<number, number>()); // read markers sent, by room
  const unsent = useRef(new Map<number, number>()); // read markers to send, by room
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let current = true;
    const reload = () =>
      listMyRooms()
        .then(({ rooms }) => current && dispatch({ type: 'loaded', rooms }))
        .catch(() => undefined); // the next reconnect or room_added tries again
    const onMessage = (m: RoomListMessage) => {
      if (m.type === 'room_added') return void reload();
      if (m.type === 'room_activity') {
        const room = list.current.get(m.roomId);
        if (room && m.seq > room.lastSeq) activityListener.current?.(room, m);
      }
      dispatch(m);
    };
    const unlisten = session.listen({
      opened: () => void reload(),
      frame: (f) => {
        const m = roomListMessageOf(f) ?? activityOfMessage(f, myName);
        if (m) onMessage(m);
      },
    });
    if (session.isOpen()) void reload();
    return () => {
      current = false;
      unlisten();
    };
  }, [session, myName]);

  // A busy room moves the marker with every message: the first move goes out at once, later
  // ones at most once per READ_MARKER_INTERVAL_MS with the newest seq, and whatever is left
  // when the page goes away goes out then.
  const send = useCallback((keepalive: boolean) => {
    for (const [roomId, seq] of unsent.current) {
      marked.current.set(roomId, seq);
      markRead(roomId, seq, keepalive).catch(() => marked.current.delete(roomId));
    }
    unsent.current.clear();
  }, []);
  const tick = useCallback(() => {
    const due = unsent.current.size > 0;
    send(false);
    flushTimer.current = due ? setTimeout(tick, READ_MARKER_INTERVAL_MS) : null;
  }, [send]);
  useEffect(() => {
    const leaving = () => send(true);
    window.addEventListener('pagehide', leaving);
    return () => {
      window.removeEventListener('pagehide', leaving);
      if (flushTimer.current) clearTimeout(flushTimer.current);
      send(true);
    };
  }, [send]);
  const viewed = useCallback<UseRoomListResult['viewed']>(
    (roomId, seq, last) => {
      dispatch({ type: 'viewed', roomId, seq, last });
      if (seq <= Math.max(marked.current.get(roomId) ?? 0, unsent.current.get(roomId) ?? 0)) return;
      unsent.current.set(roomId, seq);
      if (!flushTimer.current) tick();
    },
    [tick],
  );

  const toggleMute = useCallback((roomId: number) => {
    setMuted((old) => {
      const next = new Set(old);
      if (!next.delete(roomId)) next.add(roomId);
      saveMutes(next);
      return next;
    });
  }, []);

  const rooms = useMemo(() => orderedRooms(state.list), [state.list]);
  return { rooms, unreadTotal: totalUnread(state.list, muted), muted, toggleMute, loaded: state.loaded, viewed };
}
