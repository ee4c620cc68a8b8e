import { useEffect, useState } from 'react';
import { openDirect } from '../api/client';
import { navigate, routes } from '../routing/router';
import { Link } from './Link';

/** `/dm/:username`: opens (or creates) the 1:1 room with that user and goes to it. */
export function DirectRedirect({ username }: { username: string }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    openDirect(username)
      .then((room) => current && navigate(routes.direct(room.id), { replace: true }))
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [username]);
  if (!error) return <p className="page-message">Opening your chat with {username}…</p>;
  return (
    <main className="page-message" role="alert">
      <p>⚠️ Error: {error}</p>
      <Link href={routes.home()}>Go home</Link>
    </main>
  );
}
