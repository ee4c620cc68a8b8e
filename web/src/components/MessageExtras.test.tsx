import { cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../api/types';
import { findEmoji, QUICK_EMOJI, typingText } from './MessageExtras';
import { MessageList } from './MessageList';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('message extras', () => {
  it('finds emoji by the words people type, the common ones without any', () => {
    expect(findEmoji('')).toEqual(QUICK_EMOJI);
    expect(findEmoji('tada')).toEqual(['🎉']);
    expect(findEmoji('Thumbs')).toEqual(['👍', '👎']);
    expect(findEmoji('heart bro')).toEqual(['💔']);
    expect(findEmoji('zzzz nothing')).toEqual([]);
  });

  it('says who is typing', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['bob'])).toBe('bob is typing…');
    expect(typingText(['bob', 'carol'])).toBe('bob and carol are typing…');
    expect(typingText(['a', 'b', 'c'])).toBe('3 people are typing…');
  });

  it('opens a message’s actions with a long press on a touch screen', () => {
    vi.stubGlobal('matchMedia', (q: string) => ({ matches: q === '(hover: none)' }));
    const m: ChatMessage = { id: 1, roomId: 1, seq: 1, sender: 'bob', senderId: 2, text: 'hi', ts: 1 };
    const noop = () => undefined;
    const actions = { onReply: noop, onReact: noop, onStartEdit: noop, onSaveEdit: () => true, onDelete: noop };
    const { container } = render(
      <MessageList
        messages={[m]}
        outbox={[]}
        me="alice"
        hasOlder={false}
        loadingOlder={false}
        onLoadOlder={noop}
        onRetry={noop}
        emptyText=""
        actions={actions}
      />,
    );
    const item = container.querySelector('li.message')!;
    expect(item.classList.contains('actions-open')).toBe(false);
    fireEvent.contextMenu(item);
    expect(item.classList.contains('actions-open')).toBe(true);
  });
});
