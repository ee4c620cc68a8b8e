import { useEffect, useState } from 'react';
import { listDirect, searchUsers } from '../api/client';
import type { DirectRoom, PublicUser } from '../api/types';
import { navigate, routes } from '../routing/router';

/** Wait this long after the last keystroke before searching. */
const SEARCH_DEBOUNCE_MS = 200;

/** The 1:1 picker: type a prefix, pick a user from `/nicknames`, open the chat. Also lists the
 *  user's existing 1:1 chats. */
export function DirectPicker({ me }: { me: string }) {
  const [prefix, setPrefix] = useState('');
  const [matches, setMatches] = useState<PublicUser[]>([]);
  const [recent, setRecent] = useState<DirectRoom[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listDirect()
      .then((r) => setRecent(r.rooms))
      .catch(() => undefined); // the list is a convenience; the picker still works
  }, []);

  useEffect(() => {
    const q = prefix.trim();
    if (q === '') {
      setMatches([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      searchUsers(q)
        .then((r) => {
          if (!current) return;
          setMatches(r.users.filter((u) => u.username !== me));
          setError(null);
        })
        .catch((e: Error) => current && setError(e.message));
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [prefix, me]);

  return (
    <section className="card" aria-labelledby="direct-title">
      <h2 id="direct-title">1:1 chat</h2>
      <label htmlFor="direct-search">Find a person</label>
      <input
        id="direct-search"
        type="search"
        placeholder="Type a name…"
        value={prefix}
        onChange={(e) => setPrefix(e.target.value)}
        autoComplete="off"
      />
      {error && (
        <p className="field-error" role="alert">
          ⚠️ Error: {error}
        </p>
      )}
      {prefix.trim() !== '' && matches.length === 0 && !error && <p className="muted">No one matches yet.</p>}
      {matches.length > 0 && (
        <ul className="user-list" aria-label="Matching people">
          {matches.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                onClick={() => navigate(routes.directWith(u.username))}
                aria-label={`Chat with ${u.username}`}
              >
                <span className={u.online ? 'dot online' : 'dot'} aria-hidden="true" />
                {u.username}
                {u.nickname && <span className="muted"> ({u.nickname})</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {recent.length > 0 && (
        <>
          <h3>Your chats</h3>
          <ul className="user-list" aria-label="Your 1:1 chats">
            {recent.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  onClick={() => navigate(routes.direct(r.id))}
                  aria-label={`Open chat with ${r.other.username}`}
                >
                  {r.other.username}
                  {r.lastMessage && <span className="muted"> · {r.lastMessage.text.slice(0, 40)}</span>}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
