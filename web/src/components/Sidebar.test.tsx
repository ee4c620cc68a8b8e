import { render } from '@testing-library/react';
import { expect, it } from 'vitest';
import type { RoomEntry } from '../realtime/room-list';
import { Sidebar } from './Sidebar';

function room(id: number, title: string): RoomEntry {
  return {
    id,
    kind: 'group',
    title,
    lastSeq: 3,
    lastReadSeq: 1,
    unread: 2,
    mentions: 0,
    last: { sender: 'bob', text: 'hi', ts: 1 },
    activeAt: 1,
  };
}

it('shows a muted room differently from one that is not muted', () => {
  const { getByText } = render(
    <Sidebar
      me="alice"
      rooms={[room(1, 'quiet'), room(2, 'loud')]}
      muted={new Set([1])}
      loaded
      open={false}
      onNavigate={() => undefined}
    />,
  );
  expect(getByText(/quiet$/).closest('a')?.className).toContain('muted-room');
  expect(getByText(/loud$/).closest('a')?.className).not.toContain('muted-room');
});
