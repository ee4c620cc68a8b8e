// The tab's title: the page's own title with the unread total in front, "(3) ABgroup · Parley".
import { useEffect } from 'react';

const title = { base: 'Parley', unread: 0 };

function render(): void {
  document.title = (title.unread > 0 ? `(${title.unread}) ` : '') + title.base;
}

/** While mounted, the page's title is `base` (then back to "Parley"). */
export function usePageTitle(base: string): void {
  useEffect(() => {
    title.base = base;
    render();
    return () => {
      title.base = 'Parley';
      render();
    };
  }, [base]);
}

/** Shows `unread` in front of whatever page title is set. */
export function useUnreadInTitle(unread: number): void {
  useEffect(() => {
    title.unread = unread;
    render();
  }, [unread]);
}
