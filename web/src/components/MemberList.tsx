import type { Member } from '../api/types';
import { Avatar } from './Avatar';

/** What the page knows of a person beyond their username. */
export interface PersonInfo {
  nickname?: string | null;
  avatar?: string | null;
}

interface Props {
  members: Member[];
  me: string;
  stale: boolean;
  /** Nicknames and avatars by username, where known. */
  people?: ReadonlyMap<string, PersonInfo>;
  /** A name was clicked: show that person's card. */
  onPerson?: (username: string) => void;
}

/** The room's members, those here first (with the room open now, which is what the dot means;
 *  a person card's "online" is anywhere), each with an avatar, the dot and (in words, for screen
 *  readers) here or away; dimmed while `stale` (the connection is down, so presence is only the
 *  last known). */
export function MemberList({ members, me, stale, people, onPerson }: Props) {
  const sorted = [...members].sort((a, b) => Number(b.online) - Number(a.online) || a.user.localeCompare(b.user));
  return (
    <aside className={stale ? 'members stale' : 'members'} aria-labelledby="members-title" aria-busy={stale}>
      <h2 id="members-title">
        Members <span className="muted">({members.filter((m) => m.online).length} here)</span>
      </h2>
      <ul aria-label="Members">
        {sorted.map((m) => {
          const info = people?.get(m.user);
          return (
            <li key={m.id} data-online={m.online}>
              <span className={m.online ? 'dot online' : 'dot'} aria-hidden="true" />
              <Avatar username={m.user} nickname={info?.nickname} url={info?.avatar} size={22} />
              <button type="button" className="person-name" onClick={() => onPerson?.(m.user)}>
                {info?.nickname ? (
                  <>
                    <span dir="auto">{info.nickname}</span> <span className="muted">@{m.user}</span>
                  </>
                ) : (
                  m.user
                )}
              </button>
              {m.user === me && <span className="muted"> (you)</span>}
              <span className="visually-hidden">{m.online ? ', here' : ', away'}</span>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
