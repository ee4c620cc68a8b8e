import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GroupDetails } from '../api/types';
import { RoomActions } from './RoomActions';

function details(isPrivate: boolean): GroupDetails {
  return {
    id: 7,
    name: 'Offers',
    private: isPrivate,
    kind: 'group',
    createdBy: 1,
    createdAt: 1,
    memberCount: 2,
    joined: true,
    lastMessageAt: null,
    members: [
      { id: 1, username: 'spammer', role: 'owner', online: false },
      { id: 2, username: 'me', role: 'member', online: true },
    ],
  } as GroupDetails;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('RoomActions', () => {
  it('lets a member of a private group leave it and block it in one step', async () => {
    const fetch = vi.fn(() => Promise.resolve(new Response(JSON.stringify({ blocked: 7 }))));
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('confirm', () => true);
    render(<RoomActions group={details(true)} me="me" onChanged={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Leave and block' }));
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/groups/7/block');
    expect(init.method).toBe('POST');
  });

  it('offers no block for a public group (nobody can add you to one)', () => {
    render(<RoomActions group={details(false)} me="me" onChanged={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Leave group' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Leave and block' })).toBeNull();
  });
});
