// Client-side navigation with the History API: the few routes Parley has need no library.
import { useSyncExternalStore } from 'react';

const NAVIGATED = 'parley:navigated';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

const currentHref = () => window.location.pathname + window.location.search;

/** The current path and query; re-renders on every navigation. */
export function useLocation(): { pathname: string; query: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, currentHref);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, query: url.searchParams };
}

/** Goes to `to` (a path on this origin) without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** The links to each chat page. */
export const routes = {
  home: () => '/',
  settings: () => '/settings',
  /** Everyone with a tag (not /tags/…: that path belongs to the REST API). */
  tag: (tag: string) => `/people?tag=${encodeURIComponent(tag)}`,
  group: (roomId: number) => `/groupchat?roomId=${roomId}`,
  direct: (roomId: number) => `/chat?roomId=${roomId}`,
  /** A room opened at one of its messages (a search result). */
  message: (kind: 'group' | 'direct', roomId: number, seq: number) =>
    `${kind === 'direct' ? '/chat' : '/groupchat'}?roomId=${roomId}&at=${seq}`,
  /** The message search (not /search: that path belongs to the REST API). */
  search: (q = '') => (q ? `/find?q=${encodeURIComponent(q)}` : '/find'),
  directWith: (username: string) => `/dm/${encodeURIComponent(username)}`,
};
