import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import type { RoomEntry } from '../realtime/room-list';
import { StartPanel } from './StartPanel';

afterEach(cleanup);

const room = (id: number, unread: number, mentions = 0): RoomEntry => ({
  id,
  kind: 'group',
  title: `room ${id}`,
  lastSeq: 5,
  lastReadSeq: 5 - unread,
  unread,
  mentions,
  last: { sender: 'bob', text: `hi ${id}`, ts: id },
  activeAt: id,
});

it('tells a new user how to start', () => {
  render(<StartPanel name="Ann" rooms={[]} loaded />);
  expect(screen.getByText(/You are in no rooms yet/)).toBeTruthy();
  expect(screen.getByText(/\+ New group/)).toBeTruthy();
});

it('lists the rooms with unread messages, mentions included', () => {
  render(<StartPanel name="Ann" rooms={[room(1, 0), room(2, 3, 1)]} loaded />);
  const list = screen.getByRole('list', { name: 'Rooms with unread messages' });
  expect(list.textContent).toContain('room 2');
  expect(list.textContent).toContain('3 unread, 1 for you');
  expect(list.textContent).not.toContain('room 1');
});

it('shows recent rooms when everything is read', () => {
  render(<StartPanel name="Ann" rooms={[room(1, 0)]} loaded />);
  expect(screen.getByRole('heading', { name: 'You’re all caught up' })).toBeTruthy();
  expect(screen.getByRole('list', { name: 'Your recent rooms' }).textContent).toContain('room 1');
});
