// The client's protocol types and docs/protocol.schema.json name the same messages. (Every
// request the client's tests send and every event they play is checked by FakeSocket.)
import { describe, expect, it } from 'vitest';
import { CHAT_EVENT_TYPES, parseServerEvent } from './protocol';
import { ROOM_LIST_EVENT_TYPES } from './room-list';
import { assertAllowed, schemaTypes } from './testing/protocol-schema';

describe('protocol schema', () => {
  it('knows every event type the client handles, and the client knows every one it names', () => {
    expect([...new Set([...CHAT_EVENT_TYPES, ...ROOM_LIST_EVENT_TYPES])].sort()).toEqual(schemaTypes('event').sort());
  });

  it('allows the requests of docs/protocol.md', () => {
    for (const request of [
      { type: 'join', roomId: 1, since: 41 },
      { type: 'message', roomId: 1, text: 'Hello Bob!', clientMsgId: '6f1c2a9e' },
      { type: 'history', roomId: 1, aroundSeq: 17, limit: 50 },
      { type: 'react', roomId: 1, messageId: 123, emoji: '👍', on: true },
      { type: 'read', roomId: 3, seq: 17 },
      { type: 'ping' },
    ])
      expect(() => assertAllowed('request', request)).not.toThrow();
  });

  it('refuses unknown fields, wrong types and unknown types', () => {
    for (const request of [
      { type: 'join', roomId: 1, room: 2 },
      { type: 'message', roomId: 1, text: 7 },
      { type: 'history', roomId: 1, afterSeq: 1, beforeSeq: 2 },
      { type: 'shout', roomId: 1 },
    ])
      expect(() => assertAllowed('request', request)).toThrow(/does not allow/);
  });

  it('parses only events it knows', () => {
    expect(parseServerEvent(JSON.stringify({ type: 'pong' }))).not.toBeNull();
    expect(parseServerEvent(JSON.stringify({ type: 'shout' }))).toBeNull();
  });
});
