import type { ChatMessage, Member } from '../../api/types';

/** A stored message in room 1 with seq `seq` (and id 100 + seq). */
export function stored(seq: number, text = `message ${seq}`, extra: Partial<ChatMessage> = {}): ChatMessage {
  return { id: 100 + seq, roomId: 1, seq, sender: 'bob', senderId: 2, text, ts: 1_700_000_000_000 + seq, ...extra };
}

export const alice: Member = { id: 1, user: 'alice', online: true };
export const bob: Member = { id: 2, user: 'bob', online: true };
