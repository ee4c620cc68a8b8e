import { describe, expect, it } from 'vitest';
import {
  initialRoomState,
  mergeMessages,
  missingAfterSeq,
  roomReducer,
  typingNow,
  type RoomAction,
  type RoomState,
} from './room-state';
import { alice, bob, stored } from './testing/messages';

const apply = (...actions: RoomAction[]) => actions.reduce(roomReducer, initialRoomState);
const joined = (history = [stored(1), stored(2)], lastSeq = 2): RoomAction => ({
  type: 'joined',
  members: [alice, bob],
  history,
  hasMore: false,
  lastSeq,
  resumed: false,
});

describe('mergeMessages', () => {
  it('orders by seq and keeps each id once', () => {
    const merged = mergeMessages([stored(2), stored(4)], [stored(3), stored(4), stored(1)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('appends a newer live message', () => {
    expect(mergeMessages([stored(1)], [stored(2)]).map((m) => m.seq)).toEqual([1, 2]);
  });
});

describe('missingAfterSeq', () => {
  const at = (streamSeq: number, knownLastSeq: number): RoomState => ({ ...initialRoomState, streamSeq, knownLastSeq });

  it('finds newer events the room is known to have', () => expect(missingAfterSeq(at(5, 8))).toBe(5));
  it('is null when nothing is missing', () => expect(missingAfterSeq(at(6, 6))).toBeNull());

  it('does not count the seqs of changes between messages as missing', () => {
    // Message 1, an edit (2), message 3: a page shows messages 1 and 3 only.
    const state = apply({ type: 'socket_opened' }, joined([stored(1), stored(3)], 3));
    expect(missingAfterSeq(state)).toBeNull();
  });

  it('reports a live event that skipped one, until a catch-up fills it', () => {
    const state = apply({ type: 'socket_opened' }, joined([stored(1), stored(2)], 2), {
      type: 'message_received',
      message: stored(4),
    });
    expect(missingAfterSeq(state)).toBe(2);
    const filled = roomReducer(state, {
      type: 'history_received',
      messages: [{ type: 'message_deleted', roomId: 1, messageId: 101, seq: 3 }, stored(4)],
      hasMore: false,
      direction: 'newer',
    });
    expect(missingAfterSeq(filled)).toBeNull();
    expect(filled.messages[0].deleted).toBe(true);
  });
});

describe('roomReducer: changes to messages', () => {
  const base = apply({ type: 'socket_opened' }, joined([stored(1, 'helo'), stored(2)], 2));

  it('applies an edit, a deletion and the quotes of replies', () => {
    const withReply = roomReducer(base, {
      type: 'message_received',
      message: stored(3, 'yes', { replyTo: { id: 101, sender: 'bob', text: 'helo', deleted: false } }),
    });
    const edited = roomReducer(withReply, {
      type: 'change_received',
      change: { type: 'message_edited', roomId: 1, messageId: 101, text: 'hello', editedAt: 9, seq: 4 },
    });
    expect(edited.messages[0]).toMatchObject({ text: 'hello', editedAt: 9 });
    expect(edited.messages[2].replyTo?.text).toBe('hello');
    expect(edited.streamSeq).toBe(4);
    const deleted = roomReducer(edited, {
      type: 'change_received',
      change: { type: 'message_deleted', roomId: 1, messageId: 101, seq: 5 },
    });
    expect(deleted.messages[0]).toMatchObject({ text: '', deleted: true });
    expect(deleted.messages[2].replyTo).toMatchObject({ text: '', deleted: true });
  });

  it('counts reactions from the events and knows which are mine', () => {
    const react = (userId: number, on: boolean, count: number, seq: number): RoomAction => ({
      type: 'change_received',
      change: { type: 'reaction', roomId: 1, messageId: 102, emoji: '👍', user: `u${userId}`, userId, on, count, seq },
      myId: 1,
    });
    let state = roomReducer(base, react(2, true, 1, 3));
    expect(state.messages[1].reactions).toEqual([{ emoji: '👍', count: 1, users: [2], me: false }]);
    state = roomReducer(state, react(1, true, 2, 4));
    expect(state.messages[1].reactions?.[0]).toMatchObject({ count: 2, me: true });
    // Replaying an event already applied changes nothing (absolute counts).
    expect(roomReducer(state, react(1, true, 2, 4)).messages[1].reactions?.[0]).toMatchObject({ count: 2, me: true });
    state = roomReducer(state, react(1, false, 1, 5));
    state = roomReducer(state, react(2, false, 0, 6));
    expect(state.messages[1].reactions).toBeUndefined();
  });

  it('replays a catch-up in order over an older copy', () => {
    const resumed = roomReducer(base, {
      type: 'joined',
      members: [alice],
      history: [
        { type: 'message_edited', roomId: 1, messageId: 101, text: 'v2', editedAt: 3, seq: 3 },
        stored(4, 'new'),
        { type: 'message_edited', roomId: 1, messageId: 101, text: 'v3', editedAt: 5, seq: 5 },
      ],
      hasMore: false,
      lastSeq: 5,
      resumed: true,
    });
    expect(resumed.messages.map((m) => m.text)).toEqual(['v3', 'message 2', 'new']);
    expect(resumed.streamSeq).toBe(5);
  });

  it('shows who is typing until it runs out, and not once they sent', () => {
    let state = roomReducer(base, { type: 'typing', user: 'bob', until: 10_000 });
    expect(typingNow(state, 9_000)).toEqual(['bob']);
    expect(typingNow(state, 10_001)).toEqual([]);
    state = roomReducer(state, { type: 'message_received', message: stored(3) });
    expect(typingNow(state, 9_000)).toEqual([]);
  });
});

describe('roomReducer: the design section 6 transitions', () => {
  it('1. starts disconnected and empty', () => {
    expect(initialRoomState).toMatchObject({ connected: false, messages: [], members: [], error: null });
  });

  it('2. an open socket is connected', () => {
    expect(apply({ type: 'socket_opened' })).toMatchObject({
      connected: true,
      status: 'connected',
      messages: [],
      members: [],
    });
  });

  it('3. joined brings history and members', () => {
    const state = apply({ type: 'socket_opened' }, joined());
    expect(state.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(state.members).toEqual([alice, bob]);
    expect(state.joined).toBe(true);
  });

  it('5. a live message is appended', () => {
    const state = apply({ type: 'socket_opened' }, joined(), { type: 'message_received', message: stored(3) });
    expect(state.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('6. an error leaves messages and members alone', () => {
    const before = apply({ type: 'socket_opened' }, joined());
    const after = roomReducer(before, { type: 'error_set', error: 'Failed to save message' });
    expect(after).toMatchObject({
      error: 'Failed to save message',
      connected: true,
      messages: before.messages,
      members: before.members,
    });
  });

  it('7. a close keeps messages and members and clears the error', () => {
    const before = apply({ type: 'socket_opened' }, joined(), { type: 'error_set', error: 'x' });
    const after = roomReducer(before, { type: 'socket_closed', status: 'reconnecting' });
    expect(after).toMatchObject({
      connected: false,
      joined: false,
      error: null,
      status: 'reconnecting',
      messages: before.messages,
      members: before.members,
    });
  });

  it('a resumed join keeps what "load older" knows', () => {
    const first = apply({ type: 'socket_opened' }, { ...joined([stored(5)], 5), hasMore: true } as RoomAction);
    const resumed = roomReducer(first, {
      type: 'joined',
      members: [alice],
      history: [stored(6)],
      hasMore: false,
      lastSeq: 6,
      resumed: true,
    });
    expect(resumed.hasOlder).toBe(true);
    expect(resumed.messages.map((m) => m.seq)).toEqual([5, 6]);
  });
});

describe('roomReducer: the outbox', () => {
  const queued = apply({ type: 'socket_opened' }, joined(), {
    type: 'message_queued',
    clientMsgId: 'c1',
    text: 'hi',
    createdAt: 1,
  });

  it('shows a sent message as pending, then sent on its ack', () => {
    expect(queued.outbox).toEqual([{ clientMsgId: 'c1', text: 'hi', status: 'pending', createdAt: 1 }]);
    expect(roomReducer(queued, { type: 'message_acked', clientMsgId: 'c1' }).outbox[0].status).toBe('sent');
  });

  it('drops the entry once the stored message is shown', () => {
    const state = roomReducer(queued, {
      type: 'message_received',
      message: stored(3, 'hi', { clientMsgId: 'c1', sender: 'alice' }),
    });
    expect(state.outbox).toEqual([]);
    expect(state.messages.map((m) => m.text)).toEqual(['message 1', 'message 2', 'hi']);
  });

  it('marks a message failed and pending again on retry', () => {
    const failed = roomReducer(queued, { type: 'message_failed', clientMsgId: 'c1' });
    expect(failed.outbox[0].status).toBe('failed');
    expect(roomReducer(failed, { type: 'message_retried', clientMsgId: 'c1' }).outbox[0].status).toBe('pending');
  });
});
