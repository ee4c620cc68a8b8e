// /find?q=: the messages of the user's rooms that contain a text, newest first, each linking to
// its place in its room.
import { useEffect, useState } from 'react';
import { searchMessages } from '../api/client';
import type { SearchResult } from '../api/types';
import { usePageTitle } from '../routing/page-title';
import { navigate, routes } from '../routing/router';
import { Link } from './Link';

export function SearchPage({ query }: { query: string }) {
  usePageTitle(query ? `“${query}” · Search · Parley` : 'Search · Parley');
  const [text, setText] = useState(query);
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setText(query);
    setResults(null);
    setError(null);
    if (!query.trim()) return;
    let current = true;
    searchMessages(query)
      .then((r) => {
        if (!current) return;
        setResults(r.results);
        setHasMore(r.hasMore);
      })
      .catch((e: unknown) => current && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      current = false;
    };
  }, [query]);

  const more = () => {
    const last = results?.[results.length - 1];
    if (!last) return;
    searchMessages(query, last.id)
      .then((r) => {
        setResults((old) => [...(old ?? []), ...r.results]);
        setHasMore(r.hasMore);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  return (
    <main className="home">
      <section className="card" aria-labelledby="search-title">
        <h1 id="search-title">Search messages</h1>
        <form
          role="search"
          className="search-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) navigate(routes.search(text.trim()));
          }}
        >
          <input
            type="search"
            aria-label="Search messages"
            placeholder="Words in any language"
            maxLength={200}
            autoFocus
            dir="auto"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" disabled={!text.trim()}>
            Search
          </button>
        </form>
        {error && <p role="alert">⚠️ {error}</p>}
        {query.trim() && !results && !error && <p className="muted">Searching…</p>}
        {results?.length === 0 && <p className="muted">No messages contain “{query}”.</p>}
        <ol className="search-results" aria-label="Results">
          {results?.map((r) => (
            <li key={r.id}>
              <Link href={routes.message(r.roomKind, r.roomId, r.seq)} className="search-result">
                <span className="muted small-line">
                  {r.roomKind === 'direct' ? '1:1 chat' : `# ${r.roomName}`} · {r.sender} ·{' '}
                  {new Date(r.ts).toLocaleString()}
                </span>
                <span className="result-text" dir="auto">
                  {marked(r.text, r.matches)}
                </span>
              </Link>
            </li>
          ))}
        </ol>
        {hasMore && (
          <button type="button" className="secondary" onClick={more}>
            More results
          </button>
        )}
      </section>
    </main>
  );
}

/** `text` with the ranges wrapped in <mark> (as elements, never HTML). */
export function marked(text: string, ranges: [number, number][]): React.ReactNode[] {
  const out: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end > text.length || start >= end) continue;
    out.push(text.slice(at, start), <mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  out.push(text.slice(at));
  return out;
}
