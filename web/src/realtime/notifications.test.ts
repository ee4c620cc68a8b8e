import { describe, expect, it } from 'vitest';
import { loadMutes, saveMutes, shouldNotify } from './notifications';

describe('notifications', () => {
  const base = { kind: 'direct' as const, senderId: 2, me: 1, muted: false, looking: false };

  it('notifies of 1:1 messages from others, unless muted or in sight', () => {
    expect(shouldNotify(base)).toBe(true);
    expect(shouldNotify({ ...base, kind: 'group' })).toBe(false);
    expect(shouldNotify({ ...base, senderId: 1 })).toBe(false);
    expect(shouldNotify({ ...base, muted: true })).toBe(false);
    expect(shouldNotify({ ...base, looking: true })).toBe(false);
  });

  it('notifies of mentions anywhere, even in a muted room, but not while looking', () => {
    expect(shouldNotify({ ...base, kind: 'group', mention: true })).toBe(true);
    expect(shouldNotify({ ...base, kind: 'group', mention: true, muted: true })).toBe(true);
    expect(shouldNotify({ ...base, kind: 'group', mention: true, looking: true })).toBe(false);
    expect(shouldNotify({ ...base, mention: true, senderId: 1 })).toBe(false);
  });

  it('keeps mutes in storage and survives garbage there', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    saveMutes(new Set([3, 7]), storage);
    expect([...loadMutes(storage)]).toEqual([3, 7]);
    store.set('parley:muted-rooms', '{not json');
    expect(loadMutes(storage).size).toBe(0);
    store.set('parley:muted-rooms', '[1, "x", 2.5, 4]');
    expect([...loadMutes(storage)]).toEqual([1, 4]);
    expect(loadMutes(null).size).toBe(0);
  });
});
