// The room list beside every signed-in page: groups and 1:1 chats, newest activity first, with
// the last message and the unread count.
import type { RoomEntry } from '../realtime/room-list';
import { unreadLabel } from '../realtime/room-list';
import { routes, useLocation } from '../routing/router';
import { useEffect, useState } from 'react';
import { CreateGroupForm } from './CreateGroupForm';
import { DirectPicker } from './DirectPicker';
import { Link } from './Link';
import { NotificationsPrompt } from './NotificationsPrompt';

interface Props {
  /** The signed-in user's username (the 1:1 picker leaves them out). */
  me: string;
  rooms: RoomEntry[];
  /** Rooms muted in this browser: no notifications, not in the unread total, shown dimmed. */
  muted: ReadonlySet<number>;
  loaded: boolean;
  /** A drawer at phone width: whether it is shown. */
  open: boolean;
  onNavigate: () => void;
}

export function Sidebar({ me, rooms, muted, loaded, open, onNavigate }: Props) {
  const { pathname, query } = useLocation();
  const [panel, setPanel] = useState<'group' | 'direct' | null>(null);
  const toggle = (p: 'group' | 'direct') => setPanel((old) => (old === p ? null : p));
  const href = pathname + query.toString();
  useEffect(() => setPanel(null), [href]); // a form's job ends where it navigated to
  const current = pathname === '/groupchat' || pathname === '/chat' ? Number(query.get('roomId')) : 0;
  return (
    <nav className={open ? 'sidebar open' : 'sidebar'} aria-label="Rooms" id="sidebar">
      <div className="sidebar-actions">
        <button type="button" className="secondary" aria-expanded={panel === 'group'} onClick={() => toggle('group')}>
          + New group
        </button>
        <button type="button" className="secondary" aria-expanded={panel === 'direct'} onClick={() => toggle('direct')}>
          + New 1:1 chat
        </button>
      </div>
      {panel === 'group' && <CreateGroupForm />}
      {panel === 'direct' && <DirectPicker me={me} />}
      <Link href={routes.home()} className="sidebar-home" onClick={onNavigate}>
        Browse groups
      </Link>
      {!loaded && <p className="muted sidebar-note">Loading rooms…</p>}
      {loaded && rooms.length === 0 && (
        <p className="muted sidebar-note">No rooms yet: join a group or start a 1:1 chat.</p>
      )}
      <ul>
        {rooms.map((r) => (
          <li key={r.id}>
            <Link
              href={r.kind === 'direct' ? routes.direct(r.id) : routes.group(r.id)}
              className={[
                'room-link',
                r.unread > 0 ? 'unread' : '',
                muted.has(r.id) ? 'muted-room' : '',
                r.id === current ? 'current' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              aria-current={r.id === current ? 'page' : undefined}
              onClick={onNavigate}
            >
              <span className="room-line">
                <span className="room-title" dir="auto">
                  {r.kind === 'direct' ? '@ ' : '# '}
                  {r.title}
                </span>
                {muted.has(r.id) && <span aria-label="muted">🔕</span>}
                {r.mentions > 0 && (
                  <span className="mention-badge" aria-label={`${unreadLabel(r.mentions)} mentions`}>
                    @{r.mentions > 1 ? unreadLabel(r.mentions) : ''}
                  </span>
                )}
                {r.unread > 0 && (
                  <span className="unread-badge" aria-label={`${unreadLabel(r.unread)} unread`}>
                    {unreadLabel(r.unread)}
                  </span>
                )}
              </span>
              <span className="room-preview muted" dir="auto">
                {r.last ? `${r.last.sender}: ${r.last.text}` : 'No messages yet'}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <NotificationsPrompt />
    </nav>
  );
}
