import { describe, expect, it } from 'vitest';
import {
  initialRoomState,
  mergeMessages,
  missingAfterSeq,
  roomReducer,
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
  const withMessages = (seqs: number[], knownLastSeq: number): RoomState => ({
    ...initialRoomState,
    messages: seqs.map((s) => stored(s)),
    knownLastSeq,
  });

  it('finds the first hole', () => expect(missingAfterSeq(withMessages([4, 5, 7, 9], 9))).toBe(5));
  it('finds newer messages the room is known to have', () => expect(missingAfterSeq(withMessages([4, 5], 8))).toBe(5));
  it('is null when nothing is missing', () => expect(missingAfterSeq(withMessages([4, 5, 6], 6))).toBeNull());
  it('does not count older pages as missing', () => expect(missingAfterSeq(withMessages([40, 41], 41))).toBeNull());
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
