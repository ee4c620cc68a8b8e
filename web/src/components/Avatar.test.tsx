import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Avatar } from './Avatar';

describe('Avatar', () => {
  it('shows the picture of an https URL', () => {
    const { container } = render(<Avatar username="ann" url="https://example.com/a.png" />);
    expect(container.querySelector('img')).not.toBeNull();
  });

  it('falls back to the initials when the picture fails to load', () => {
    const { container } = render(<Avatar username="ann.lee" url="https://example.com/gone.png" />);
    fireEvent.error(container.querySelector('img')!);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[data-initials="AL"]')).not.toBeNull();
  });

  it('tries a new URL again after an old one failed', () => {
    const { container, rerender } = render(<Avatar username="ann" url="https://example.com/gone.png" />);
    fireEvent.error(container.querySelector('img')!);
    rerender(<Avatar username="ann" url="https://example.com/new.png" />);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://example.com/new.png');
  });
});
