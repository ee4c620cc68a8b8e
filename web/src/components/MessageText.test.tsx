import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MessageText } from './MessageText';

describe('MessageText', () => {
  it('renders markup as text, never as elements', () => {
    const { container } = render(<MessageText text={'<img src=x onerror=alert(1)><script>x()</script>'} />);
    expect(container.querySelector('img, script')).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror=alert(1)><script>x()</script>');
  });

  it('opens links in a new tab without giving the page a handle on ours', () => {
    const { getByRole } = render(<MessageText text="docs at https://example.com/docs" />);
    const link = getByRole('link');
    expect(link.getAttribute('href')).toBe('https://example.com/docs');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('highlights mentions of the reader only', () => {
    const { container } = render(<MessageText text="@Bob look, @bobby and bob@example.com and @bob." me="bob" />);
    const marks = [...container.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toEqual(['@Bob', '@bob']);
    expect(container.textContent).toBe('@Bob look, @bobby and bob@example.com and @bob.');
  });

  it('renders the markdown subset as elements, markup inside it still as text', () => {
    const { container, getByRole } = render(
      <MessageText text={'**<img src=x onerror=alert(1)>** and `<b>`\n```\nline  one\n```\n> quoted\n- item'} />,
    );
    expect(container.querySelector('img, b')).toBeNull();
    expect(container.querySelector('strong')?.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(container.querySelector('p code')?.textContent).toBe('<b>');
    expect(container.querySelector('pre code')?.textContent).toBe('line  one');
    expect(container.querySelector('blockquote')?.textContent).toBe('quoted');
    expect(container.querySelector('ul li')?.textContent).toBe('item');
    expect(getByRole('button', { name: 'Copy code' })).toBeTruthy();
  });
});
