import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupList } from './GroupList';

function group(id: number, joined = false) {
  return {
    id,
    name: `g${id}`,
    private: false,
    kind: 'group',
    createdBy: 1,
    createdAt: 1,
    memberCount: 1,
    joined,
    lastMessageAt: null,
  };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('GroupList', () => {
  it('shows the first page and fetches the next one on "Show more groups"', async () => {
    const pages: Record<string, unknown> = {
      '/groups': { groups: [group(1), group(2)], nextAfter: 2 },
      '/groups?after=2': { groups: [group(3)], nextAfter: null },
    };
    const fetch = vi.fn((path: string) => Promise.resolve(new Response(JSON.stringify(pages[path]))));
    vi.stubGlobal('fetch', fetch);
    render(<GroupList />);
    await screen.findByText('g2');
    fireEvent.click(screen.getByRole('button', { name: 'Show more groups' }));
    await screen.findByText('g3');
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Show more groups' })).toBeNull();
    expect(fetch.mock.calls.map((c) => c[0])).toEqual(['/groups', '/groups?after=2']);
  });

  it('offers to join the groups the user is not in and to open their own', async () => {
    const page = { groups: [group(1, true), group(2)], nextAfter: null };
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(page)))),
    );
    render(<GroupList />);
    await screen.findByText('g2');
    expect(screen.getByRole('button', { name: 'Open g1' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Join g2' })).toBeTruthy();
  });
});
