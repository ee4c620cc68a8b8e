import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatSize } from '../api/upload';
import { MessageFiles, thumbnailSize } from './MessageFiles';
import { textFileName } from './MessageInput';

const file = (over: Partial<Parameters<typeof thumbnailSize>[0]>) => ({
  id: 'a'.repeat(32),
  name: 'x',
  size: 10,
  contentType: 'application/octet-stream',
  url: '/files/' + 'a'.repeat(32),
  ...over,
});

describe('files in messages', () => {
  it('reserves an image its aspect ratio within the thumbnail box', () => {
    expect(thumbnailSize(file({ width: 3000, height: 2000 }))).toEqual({ width: 320, height: 213 });
    expect(thumbnailSize(file({ width: 600, height: 1200 }))).toEqual({ width: 120, height: 240 });
    expect(thumbnailSize(file({ width: 30, height: 20 }))).toEqual({ width: 30, height: 20 });
    expect(thumbnailSize(file({}))).toBeNull();
  });

  it('shows images as thumbnails and other files as cards to download', () => {
    render(
      <MessageFiles
        files={[
          file({ name: 'shot.png', contentType: 'image/png', width: 640, height: 480, thumbnailUrl: '/t' }),
          file({ name: 'report.pdf', contentType: 'application/pdf', size: 1536 }),
        ]}
      />,
    );
    const img = screen.getByRole('img', { name: 'shot.png' });
    expect(img.getAttribute('src')).toBe('/t');
    expect(img.getAttribute('width')).toBe('320');
    const card = screen.getByRole('link', { name: /report\.pdf/ });
    expect(card.getAttribute('download')).toBe('report.pdf');
    expect(card.textContent).toContain('2 KB');
  });

  it('names text sent as a file by its code fence', () => {
    expect(textFileName('just a lot of text')).toBe('message.txt');
    expect(textFileName('```py\nprint(1)\n```')).toBe('message.py');
    expect(textFileName('```\nplain\n```')).toBe('message.txt');
    expect(formatSize(12)).toBe('12 B');
    expect(formatSize(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
