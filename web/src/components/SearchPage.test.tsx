import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { marked } from './SearchPage';

describe('marked', () => {
  const html = (text: string, ranges: [number, number][]) =>
    render(<p>{marked(text, ranges)}</p>).container.querySelector('p')!.innerHTML;

  it('wraps each range in a mark, as elements', () => {
    expect(
      html('Lunch? lunch!', [
        [0, 5],
        [7, 12],
      ]),
    ).toBe('<mark>Lunch</mark>? <mark>lunch</mark>!');
    expect(html('<b>x</b>', [[3, 4]])).toBe('&lt;b&gt;<mark>x</mark>&lt;/b&gt;');
  });

  it('skips ranges that overlap, run backwards or past the end', () => {
    expect(
      html('abcdef', [
        [0, 3],
        [2, 4],
        [5, 9],
        [4, 4],
      ]),
    ).toBe('<mark>abc</mark>def');
  });

  it('counts UTF-16 code units, as the server does', () => {
    expect(html('🍜 ramen', [[3, 8]])).toBe('🍜 <mark>ramen</mark>');
  });
});
