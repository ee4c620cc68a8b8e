// The design's useWebSocket hook (section 6): a thin React layer over ChatConnection.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ChatConnection, NOT_CONNECTED_ERROR, type ChatConnectionOptions } from './chat-connection';
import { initialRoomState, type RoomState } from './room-state';

export interface UseWebSocketResult extends RoomState {
  /** Sends a message, or queues it while offline; false (with `Not connected to WebSocket` as
   *  the error) only when the room is closed. */
  sendMessage: (text: string) => boolean;
  /** Sends a failed message again with the same clientMsgId. */
  retryMessage: (clientMsgId: string) => boolean;
  /** Asks the server for a fresh member list. */
  requestRoomList: () => boolean;
  /** Pages back: the messages before the oldest one shown. */
  loadOlder: () => boolean;
  /** Sends `leave` and closes; no reconnect follows. */
  disconnect: () => void;
  /** Tries again at once after giving up. */
  reconnect: () => void;
  /** Tries again at once while waiting to reconnect, or after giving up. */
  retryNow: () => void;
  clearError: () => void;
}

/**
 * Connects to room `roomId` while the component is mounted (and again when the id changes),
 * and re-renders with every change of its state. `options` is read when the room changes.
 */
export function useWebSocket(roomId: number, options: Omit<ChatConnectionOptions, 'roomId'>): UseWebSocketResult {
  const [state, setState] = useState<RoomState>(initialRoomState);
  const connection = useRef<ChatConnection | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    const visible = () => document.visibilityState === 'visible';
    const conn = new ChatConnection({ isVisible: visible, ...optionsRef.current, roomId });
    connection.current = conn;
    setState(conn.getState());
    const unsubscribe = conn.subscribe(setState);
    conn.start();
    // Back online, or back in sight: no point waiting out the backoff.
    const retry = () => conn.retryNow();
    const retryIfVisible = () => visible() && conn.retryNow();
    window.addEventListener('online', retry);
    document.addEventListener('visibilitychange', retryIfVisible);
    return () => {
      window.removeEventListener('online', retry);
      document.removeEventListener('visibilitychange', retryIfVisible);
      unsubscribe();
      conn.disconnect();
      if (connection.current === conn) connection.current = null;
    };
  }, [roomId]);

  const notConnected = useCallback(() => {
    setState((s) => ({ ...s, error: NOT_CONNECTED_ERROR }));
    return false;
  }, []);
  const sendMessage = useCallback(
    (text: string) => connection.current?.sendMessage(text) ?? notConnected(),
    [notConnected],
  );
  const retryMessage = useCallback((id: string) => connection.current?.retry(id) ?? notConnected(), [notConnected]);
  const requestRoomList = useCallback(() => connection.current?.requestRoomList() ?? notConnected(), [notConnected]);
  const loadOlder = useCallback(() => connection.current?.loadOlder() ?? false, []);
  const disconnect = useCallback(() => connection.current?.disconnect(), []);
  const reconnect = useCallback(() => connection.current?.reconnect(), []);
  const retryNow = useCallback(() => connection.current?.retryNow(), []);
  const clearError = useCallback(() => connection.current?.clearError(), []);

  return {
    ...state,
    sendMessage,
    retryMessage,
    requestRoomList,
    loadOlder,
    disconnect,
    reconnect,
    retryNow,
    clearError,
  };
}
