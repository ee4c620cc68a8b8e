// The design's useWebSocket hook (section 6): a thin React layer over ChatConnection.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatFile } from '../api/types';
import { NOT_CONNECTED_ERROR, type ChatConnection } from './chat-connection';
import type { RoomCache } from './room-cache';
import { initialRoomState, type RoomState } from './room-state';

export interface UseWebSocketResult extends RoomState {
  /** Sends a message, or queues it while offline; false (with `Not connected to WebSocket` as
   *  the error) only when the room is closed. */
  sendMessage: (text: string, replyTo?: number, files?: ChatFile[]) => boolean;
  /** Replaces the text of one of the user's messages. */
  editMessage: (messageId: number, text: string) => boolean;
  /** Deletes a message (own, or any as a group's owner). */
  deleteMessage: (messageId: number) => boolean;
  /** Adds or takes back the user's reaction. */
  react: (messageId: number, emoji: string, on: boolean) => boolean;
  /** The user is typing (sent at most every few seconds). */
  typing: () => void;
  /** Sends a failed message again with the same clientMsgId. */
  retryMessage: (clientMsgId: string) => boolean;
  /** Asks the server for a fresh member list. */
  requestRoomList: () => boolean;
  /** Pages back: the messages before the oldest one shown. */
  loadOlder: () => boolean;
  /** Leaves the room (sends `leave`) and closes it; no reconnect follows. */
  disconnect: () => void;
  /** Tries again at once after giving up. */
  reconnect: () => void;
  /** Tries again at once while waiting to reconnect, or after giving up. */
  retryNow: () => void;
  clearError: () => void;
}

/**
 * Shows room `roomId`, a channel over the tab's socket kept in `rooms`, while the component is
 * mounted (and again when the id changes), re-rendering with every change of its state. The room
 * stays joined in `rooms` after the component goes; disconnect() leaves it.
 */
export function useWebSocket(roomId: number, rooms: RoomCache): UseWebSocketResult {
  const [state, setState] = useState<RoomState>(initialRoomState);
  const connection = useRef<ChatConnection | null>(null);

  useEffect(() => {
    const conn = rooms.open(roomId);
    connection.current = conn;
    setState(conn.getState());
    const unsubscribe = conn.subscribe(setState);
    return () => {
      unsubscribe();
      if (connection.current === conn) connection.current = null;
    };
  }, [roomId, rooms]);

  const notConnected = useCallback(() => {
    setState((s) => ({ ...s, error: NOT_CONNECTED_ERROR }));
    return false;
  }, []);
  const sendMessage = useCallback(
    (text: string, replyTo?: number, files?: ChatFile[]) =>
      connection.current?.sendMessage(text, replyTo, files) ?? notConnected(),
    [notConnected],
  );
  const editMessage = useCallback(
    (id: number, text: string) => connection.current?.editMessage(id, text) ?? notConnected(),
    [notConnected],
  );
  const deleteMessage = useCallback(
    (id: number) => connection.current?.deleteMessage(id) ?? notConnected(),
    [notConnected],
  );
  const react = useCallback(
    (id: number, emoji: string, on: boolean) => connection.current?.react(id, emoji, on) ?? notConnected(),
    [notConnected],
  );
  const typing = useCallback(() => connection.current?.typing(), []);
  const retryMessage = useCallback((id: string) => connection.current?.retry(id) ?? notConnected(), [notConnected]);
  const requestRoomList = useCallback(() => connection.current?.requestRoomList() ?? notConnected(), [notConnected]);
  const loadOlder = useCallback(() => connection.current?.loadOlder() ?? false, []);
  const disconnect = useCallback(() => rooms.close(roomId), [rooms, roomId]);
  const retryNow = useCallback(() => connection.current?.retryNow(), []);
  const clearError = useCallback(() => connection.current?.clearError(), []);

  return {
    ...state,
    sendMessage,
    editMessage,
    deleteMessage,
    react,
    typing,
    retryMessage,
    requestRoomList,
    loadOlder,
    disconnect,
    reconnect: retryNow,
    retryNow,
    clearError,
  };
}
