// /tags/:tag: everyone who carries a tag, each with a way to message them.
import { useEffect, useState } from 'react';
import { usersWithTag } from '../api/client';
import type { PublicUser } from '../api/types';
import { usePageTitle } from '../routing/page-title';
import { routes } from '../routing/router';
import { Avatar } from './Avatar';
import { Link } from './Link';

export function TagPage({ tag, me }: { tag: string; me: string }) {
  usePageTitle(`#${tag} · Parley`);
  const [users, setUsers] = useState<PublicUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    usersWithTag(tag)
      .then((r) => current && setUsers(r.users))
      .catch((e: unknown) => current && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      current = false;
    };
  }, [tag]);
  return (
    <main className="home">
      <section className="card" aria-labelledby="tag-title">
        <h1 id="tag-title">People tagged #{tag}</h1>
        {error && <p role="alert">⚠️ {error}</p>}
        {!users && !error && <p className="muted">Loading…</p>}
        {users?.length === 0 && <p className="muted">Nobody carries this tag.</p>}
        <ul className="people">
          {users?.map((u) => (
            <li key={u.id}>
              <Avatar username={u.username} nickname={u.nickname} url={u.avatar} />
              <span dir="auto">{u.nickname ?? u.username}</span>
              <span className="muted">
                @{u.username} · {u.online ? 'online' : 'offline'}
              </span>
              {u.username !== me && <Link href={routes.directWith(u.username)}>Message</Link>}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
