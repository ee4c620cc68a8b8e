// Browser notifications and per-room mutes: which room activity deserves a notification, and
// the user's choices, kept in this browser (localStorage).

/** What the user chose to silence: notifications, and the room's weight in the unread total. */
const MUTES_KEY = 'parley:muted-rooms';

/** The rooms muted in this browser. */
export function loadMutes(storage: Pick<Storage, 'getItem'> | null = safeStorage()): Set<number> {
  try {
    const ids = JSON.parse(storage?.getItem(MUTES_KEY) ?? '[]') as unknown;
    return new Set(Array.isArray(ids) ? ids.filter((id): id is number => Number.isSafeInteger(id)) : []);
  } catch {
    return new Set();
  }
}

export function saveMutes(mutes: ReadonlySet<number>, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(MUTES_KEY, JSON.stringify([...mutes]));
  } catch {
    // private mode or full: the choice lasts for this page only
  }
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Whether a message announced by room_activity should raise a browser notification: someone
 *  else wrote in a 1:1 chat that is not muted, or mentioned the user anywhere (muted or not),
 *  and the user is not looking at it. */
export function shouldNotify(input: {
  kind: 'group' | 'direct';
  senderId: number;
  me: number;
  muted: boolean;
  /** The message mentions the user. */
  mention?: boolean;
  /** The room is open in this tab and the tab is in sight. */
  looking: boolean;
}): boolean {
  if (input.senderId === input.me || input.looking) return false;
  return input.mention === true || (input.kind === 'direct' && !input.muted);
}

/** Whether this browser can show notifications and the user allowed them. */
export function notificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

/** Whether asking makes sense: supported, and not answered yet. */
export function canAskForNotifications(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'default';
}
