import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../api/types';
import { DOM_WINDOW, MessageList } from './MessageList';

afterEach(cleanup);

const message = (seq: number): ChatMessage => ({
  id: seq,
  roomId: 1,
  seq,
  sender: 'bob',
  senderId: 2,
  text: `m${seq}`,
  ts: 1_700_000_000_000 + seq,
});

describe('MessageList', () => {
  it('keeps a bounded window of the newest messages in the page, and shows earlier ones on demand', () => {
    const messages = Array.from({ length: DOM_WINDOW + 50 }, (_, i) => message(i + 1));
    const noop = () => undefined;
    render(
      <MessageList
        messages={messages}
        outbox={[]}
        me="alice"
        hasOlder
        loadingOlder={false}
        onLoadOlder={noop}
        onRetry={noop}
        emptyText="empty"
      />,
    );
    expect(screen.getAllByRole('listitem')).toHaveLength(DOM_WINDOW);
    expect(screen.getByText(`m${DOM_WINDOW + 50}`)).toBeTruthy();
    expect(screen.queryByText('m1')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Load older messages' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show earlier messages' }));
    expect(screen.getAllByRole('listitem')).toHaveLength(DOM_WINDOW + 50);
    expect(screen.getByRole('button', { name: 'Load older messages' })).toBeTruthy();
  });

  it("groups a sender's consecutive messages, separates days and collapses long messages", () => {
    const day = 86_400_000;
    const base = new Date(2026, 10, 20, 12, 0).getTime();
    const at = (seq: number, ts: number, sender = 'bob', text = `m${seq}`): ChatMessage => ({
      ...message(seq),
      ts,
      sender,
      text,
    });
    const long = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
    const noop = () => undefined;
    const { container } = render(
      <MessageList
        messages={[
          at(1, base),
          at(2, base + 60_000), // bob again a minute later: grouped
          at(3, base + 7 * 60_000), // bob after 7 minutes: a new group
          at(4, base + 8 * 60_000, 'carol'),
          at(5, base + day, 'carol', long), // the next day
        ]}
        outbox={[]}
        me="alice"
        hasOlder={false}
        loadingOlder={false}
        onLoadOlder={noop}
        onRetry={noop}
        emptyText="empty"
      />,
    );
    const items = [...container.querySelectorAll('li.message')];
    expect(items.map((li) => li.classList.contains('continues'))).toEqual([false, true, false, false, false]);
    expect(screen.getAllByRole('separator')).toHaveLength(2);
    expect(screen.queryByText('line 30')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(container.textContent).toContain('line 30');
  });

  it('marks where the unread messages start', () => {
    const noop = () => undefined;
    render(
      <MessageList
        messages={[1, 2, 3, 4].map(message)}
        outbox={[]}
        me="alice"
        hasOlder={false}
        loadingOlder={false}
        onLoadOlder={noop}
        onRetry={noop}
        emptyText="empty"
        newAfterSeq={2}
      />,
    );
    const items = screen.getByRole('log').querySelectorAll('li');
    const texts = [...items].map((li) => (li.getAttribute('aria-label') === 'New messages' ? 'NEW' : li.textContent));
    expect(texts.indexOf('NEW')).toBeGreaterThan(-1);
    expect(texts[texts.indexOf('NEW') + 1]).toContain('m3');
  });

  it('scrolled up: loads older messages near the top and counts new ones in a pill that leads down', () => {
    let older = 0;
    const props = {
      outbox: [],
      me: 'alice',
      hasOlder: true,
      loadingOlder: false,
      onLoadOlder: () => void older++,
      onRetry: () => undefined,
      emptyText: 'empty',
    };
    const { rerender } = render(<MessageList {...props} messages={[1, 2, 3].map(message)} />);
    const log = screen.getByRole('log');
    Object.defineProperty(log, 'scrollHeight', { configurable: true, value: 2000 });
    Object.defineProperty(log, 'clientHeight', { configurable: true, value: 300 });
    log.scrollTop = 100;
    fireEvent.scroll(log);
    expect(older).toBe(1);
    rerender(<MessageList {...props} messages={[1, 2, 3, 4, 5].map(message)} />);
    const pill = screen.getByRole('button', { name: '2 new messages ↓' });
    fireEvent.click(pill);
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
  });
});
