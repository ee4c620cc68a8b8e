import type { Member } from '../api/types';

/** The room's members, online ones first, each with an online dot; dimmed while `stale` (the
 *  connection is down, so presence is only the last known). */
export function MemberList({ members, me, stale }: { members: Member[]; me: string; stale: boolean }) {
  const sorted = [...members].sort((a, b) => Number(b.online) - Number(a.online) || a.user.localeCompare(b.user));
  return (
    <aside className={stale ? 'members stale' : 'members'} aria-labelledby="members-title" aria-busy={stale}>
      <h2 id="members-title">
        Members <span className="muted">({members.filter((m) => m.online).length} online)</span>
      </h2>
      <ul aria-label="Members">
        {sorted.map((m) => (
          <li key={m.id} data-online={m.online}>
            <span className={m.online ? 'dot online' : 'dot'} aria-hidden="true" />
            <span>{m.user}</span>
            {m.user === me && <span className="muted"> (you)</span>}
            <span className="visually-hidden">{m.online ? ', online' : ', offline'}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
