// Ctrl/Cmd+K: type part of a room's name, Enter opens the first match, Esc closes.
import { useState } from 'react';
import type { RoomEntry } from '../realtime/room-list';

/** The rooms whose title contains `filter` (any case), in the sidebar's order. */
export function matchingRooms(rooms: RoomEntry[], filter: string): RoomEntry[] {
  const f = filter.trim().toLowerCase();
  return rooms.filter((r) => r.title.toLowerCase().includes(f));
}

interface Props {
  rooms: RoomEntry[];
  onOpen: (room: RoomEntry) => void;
  onClose: () => void;
}

export function QuickSwitcher({ rooms, onOpen, onClose }: Props) {
  const [filter, setFilter] = useState('');
  const matches = matchingRooms(rooms, filter).slice(0, 8);
  return (
    <div className="switcher-backdrop" onClick={onClose}>
      <div
        className="switcher"
        role="dialog"
        aria-modal="true"
        aria-label="Switch room"
        onClick={(e) => e.stopPropagation()}
      >
        <input
          aria-label="Room name"
          placeholder="Jump to a room…"
          autoFocus
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose();
            if (e.key === 'Enter' && matches[0]) onOpen(matches[0]);
          }}
        />
        <ul>
          {matches.map((r) => (
            <li key={r.id}>
              <button type="button" className="switcher-item" onClick={() => onOpen(r)}>
                {r.kind === 'direct' ? '@ ' : '# '}
                {r.title}
                {r.unread > 0 && <span className="muted"> · {r.unread} unread</span>}
              </button>
            </li>
          ))}
          {matches.length === 0 && <li className="muted">No room matches.</li>}
        </ul>
      </div>
    </div>
  );
}
