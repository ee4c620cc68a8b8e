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
});
