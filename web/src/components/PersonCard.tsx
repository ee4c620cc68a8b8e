// A person's card, opened by clicking their name: nickname, username, online, tags (each a link
// to everyone with that tag), and a button to message them.
import { useEffect, useState } from 'react';
import { getUser } from '../api/client';
import type { PublicUser } from '../api/types';
import { navigate, routes } from '../routing/router';
import { Avatar } from './Avatar';
import { Link } from './Link';

interface Props {
  username: string;
  me: string;
  onClose: () => void;
}

export function PersonCard({ username, me, onClose }: Props) {
  const [user, setUser] = useState<(PublicUser & { tags: string[] }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    getUser(username)
      .then((u) => current && setUser(u))
      .catch((e: unknown) => current && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      current = false;
    };
  }, [username]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="switcher-backdrop" onClick={onClose}>
      <div
        className="person-card"
        role="dialog"
        aria-modal="true"
        aria-label={`Profile of ${username}`}
        onClick={(e) => e.stopPropagation()}
      >
        {error && <p role="alert">⚠️ {error}</p>}
        {!user && !error && <p className="muted">Loading…</p>}
        {user && (
          <>
            <div className="person-head">
              <Avatar username={user.username} nickname={user.nickname} url={user.avatar} size={56} />
              <div>
                <h2 dir="auto">{user.nickname ?? user.username}</h2>
                <p className="muted">
                  @{user.username} · {user.online ? '● online' : '○ offline'}
                </p>
              </div>
            </div>
            {user.tags.length > 0 && (
              <ul className="tag-list" aria-label="Tags">
                {user.tags.map((t) => (
                  <li key={t}>
                    <Link href={routes.tag(t)} onClick={onClose}>
                      #{t}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            <div className="person-actions">
              {user.username !== me && (
                <button
                  type="button"
                  onClick={() => {
                    onClose();
                    navigate(routes.directWith(user.username));
                  }}
                >
                  Message
                </button>
              )}
              <button type="button" className="secondary" onClick={onClose}>
                Close
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
