// The top of the home page: what is new in the user's rooms, or how to start when there are none.
import { unreadLabel, type RoomEntry } from '../realtime/room-list';
import { routes } from '../routing/router';
import { Link } from './Link';

/** Rooms listed under "What's new" at most. */
const NEW_ROOMS_SHOWN = 5;

interface Props {
  name: string;
  /** The user's rooms, newest activity first. */
  rooms: RoomEntry[];
  loaded: boolean;
}

export function StartPanel({ name, rooms, loaded }: Props) {
  const unread = rooms.filter((r) => r.unread > 0).slice(0, NEW_ROOMS_SHOWN);
  const recent = rooms.slice(0, NEW_ROOMS_SHOWN);
  return (
    <section className="card start" aria-labelledby="start-title">
      <h2 id="start-title" dir="auto">
        Welcome, {name}
      </h2>
      {!loaded && <p className="muted">Loading your rooms…</p>}
      {loaded && rooms.length === 0 && (
        <>
          <p>You are in no rooms yet. To start:</p>
          <ul>
            <li>join a group from the list below,</li>
            <li>create one with “+ New group” in the room list,</li>
            <li>or talk to one person with “+ New 1:1 chat”.</li>
          </ul>
        </>
      )}
      {loaded && rooms.length > 0 && (
        <>
          <h3>{unread.length > 0 ? 'What’s new' : 'You’re all caught up'}</h3>
          <ul
            className="start-rooms"
            aria-label={unread.length > 0 ? 'Rooms with unread messages' : 'Your recent rooms'}
          >
            {(unread.length > 0 ? unread : recent).map((r) => (
              <li key={r.id}>
                <Link href={r.kind === 'direct' ? routes.direct(r.id) : routes.group(r.id)}>
                  {r.kind === 'direct' ? '@ ' : '# '}
                  {r.title}
                </Link>
                {r.unread > 0 && (
                  <span className="muted">
                    {' '}
                    · {unreadLabel(r.unread)} unread
                    {r.mentions > 0 && `, ${unreadLabel(r.mentions)} for you`}
                  </span>
                )}
                {r.last && (
                  <span className="room-preview muted" dir="auto">
                    {r.last.sender}: {r.last.text}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
