import { useEffect, useState } from 'react';
import { listGroups } from '../api/client';
import type { GroupSummary } from '../api/types';
import { navigate, routes } from '../routing/router';

/** Every group the user may enter, each with a button that opens its chat: "Join" for a group
 *  the user is not in yet, "Open" for one of theirs. */
export function GroupList() {
  const [groups, setGroups] = useState<GroupSummary[] | null>(null);
  const [nextAfter, setNextAfter] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    listGroups()
      .then((r) => {
        if (!current) return;
        setGroups(r.groups);
        setNextAfter(r.nextAfter);
      })
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, []);

  const showMore = () => {
    if (nextAfter === null) return;
    listGroups(nextAfter)
      .then((r) => {
        setGroups((shown) => [...(shown ?? []), ...r.groups]);
        setNextAfter(r.nextAfter);
      })
      .catch((e: Error) => setError(e.message));
  };

  return (
    <section className="card" aria-labelledby="groups-title">
      <h2 id="groups-title">Groups</h2>
      {error && (
        <p className="field-error" role="alert">
          ⚠️ Error: {error}
        </p>
      )}
      {groups === null && !error && <p className="muted">Loading groups…</p>}
      {groups?.length === 0 && <p className="muted">No groups yet. Start one with “+ New group” in the room list.</p>}
      {groups && groups.length > 0 && (
        <ul className="group-list" aria-label="Groups">
          {groups.map((g) => (
            <li key={g.id}>
              <span className="group-name">{g.name}</span>
              <span className="muted">
                {g.private ? '🔒 private · ' : ''}
                {g.memberCount} {g.memberCount === 1 ? 'member' : 'members'}
              </span>
              <button
                type="button"
                className={g.joined ? 'secondary' : undefined}
                onClick={() => navigate(routes.group(g.id))}
                aria-label={`${g.joined ? 'Open' : 'Join'} ${g.name}`}
              >
                {g.joined ? 'Open' : 'Join'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {nextAfter !== null && (
        <button type="button" onClick={showMore}>
          Show more groups
        </button>
      )}
    </section>
  );
}
