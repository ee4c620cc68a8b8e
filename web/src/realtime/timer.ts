// A timer handle, and cancelling one in the same statement that forgets it.
export type Timer = ReturnType<typeof setTimeout>;

/** Cancels `timer` if set; returns null, to store in its place. */
export function cancel(timer: Timer | null): null {
  if (timer) clearTimeout(timer);
  return null;
}
