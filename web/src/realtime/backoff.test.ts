import { describe, expect, it } from 'vitest';
import { RECONNECT_BASE_MS, RECONNECT_HIDDEN_MAX_MS, RECONNECT_MAX_MS, reconnectDelayMs } from './backoff';

describe('reconnectDelayMs', () => {
  it('doubles with each attempt', () => {
    expect([0, 1, 2, 3].map((a) => reconnectDelayMs(a, () => 0.999999))).toEqual(
      [1, 2, 4, 8].map((f) => RECONNECT_BASE_MS * f),
    );
  });

  it('draws from the upper half of the window (jitter)', () => {
    expect(reconnectDelayMs(2, () => 0)).toBe(RECONNECT_BASE_MS * 2);
    expect(reconnectDelayMs(2, () => 0.5)).toBe(RECONNECT_BASE_MS * 3);
  });

  it('never exceeds the cap, however many attempts: 5 s in sight, longer when hidden', () => {
    expect(reconnectDelayMs(1000, () => 0.999999)).toBe(RECONNECT_MAX_MS);
    expect(RECONNECT_MAX_MS).toBeLessThanOrEqual(5_000);
    expect(reconnectDelayMs(1000, () => 0.999999, RECONNECT_HIDDEN_MAX_MS)).toBe(RECONNECT_HIDDEN_MAX_MS);
  });
});
