// The WebSocket messages of docs/protocol.md, typed, and a parser that rejects anything else.
import type { ChatMessage, Member, MessageChange, RoomRow } from '../api/types';

/** Everything the server may send on `/ws`. */
export type ServerEvent =
  | {
      type: 'joined';
      roomId: number;
      members: Member[];
      /** After `since`: the changes made since too, in seq order. */
      history: RoomRow[];
      hasMore: boolean;
      lastSeq: number;
    }
  | { type: 'member_joined'; roomId: number; user: string; userId: number; clientId: string }
  | { type: 'member_left'; roomId: number; user: string; userId: number }
  | { type: 'message'; roomId: number; message: ChatMessage }
  | {
      type: 'ack';
      roomId: number;
      clientMsgId: string | null;
      id?: number;
      seq?: number;
      ts?: number;
      messageId?: number;
      unchanged?: boolean;
    }
  | { type: 'history'; roomId: number; messages: RoomRow[]; hasMore: boolean; hasNewer?: boolean }
  | MessageChange
  | { type: 'typing'; roomId: number; user: string; userId: number }
  | { type: 'list'; roomId: number; members: Member[] }
  | { type: 'removed'; roomId: number; reason: string }
  | { type: 'pong' }
  | {
      type: 'error';
      code: string;
      message: string;
      /** The room the refused request named, when it named one. */
      roomId?: number;
      clientMsgId?: string | null;
      retryAfterMs?: number;
    };

/** Everything the client sends on `/ws`. */
export type ClientRequest =
  | { type: 'join'; roomId: number; since?: number }
  | { type: 'message'; roomId: number; text: string; clientMsgId: string; replyTo?: number; files?: string[] }
  | { type: 'edit'; roomId: number; messageId: number; text: string }
  | { type: 'delete'; roomId: number; messageId: number }
  | { type: 'react'; roomId: number; messageId: number; emoji: string; on: boolean }
  | { type: 'typing'; roomId: number }
  | { type: 'history'; roomId: number; afterSeq: number; limit?: number }
  | { type: 'history'; roomId: number; beforeSeq: number; limit?: number }
  | { type: 'leave'; roomId: number }
  | { type: 'list'; roomId: number }
  | { type: 'ping' };

/** The events a room's chat connection handles (the room list handles the rest of the schema's). */
export const CHAT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'joined',
  'member_joined',
  'member_left',
  'message',
  'ack',
  'history',
  'list',
  'removed',
  'pong',
  'error',
  'message_edited',
  'message_deleted',
  'reaction',
  'typing',
]);

/** Whether a row of a catch-up is a change rather than a message. */
export function isChange(row: RoomRow): row is MessageChange {
  return 'type' in row && typeof row.type === 'string';
}

/** Parses one text frame; null when it is not JSON or not a known event. */
export function parseServerEvent(frame: unknown): ServerEvent | null {
  if (typeof frame !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && CHAT_EVENT_TYPES.has(type) ? (value as ServerEvent) : null;
}
