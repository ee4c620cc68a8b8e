import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown';

describe('markdown', () => {
  it('marks bold, italic, strike and code within a line', () => {
    expect(parseInline('**b** *i* _j_ ~~s~~ `c *not*`')).toEqual([
      { t: 'strong', children: [{ t: 'text', text: 'b' }] },
      { t: 'text', text: ' ' },
      { t: 'em', children: [{ t: 'text', text: 'i' }] },
      { t: 'text', text: ' ' },
      { t: 'em', children: [{ t: 'text', text: 'j' }] },
      { t: 'text', text: ' ' },
      { t: 'del', children: [{ t: 'text', text: 's' }] },
      { t: 'text', text: ' ' },
      { t: 'code', text: 'c *not*' },
    ]);
  });

  it('leaves what is not markup as text', () => {
    for (const text of ['2 * 3 * 4', 'snake_case_name', '**', '* not a list*', 'a ** b', '`', '~~ x ~~'])
      expect(
        parseInline(text)
          .map((p) => (p.t === 'text' ? p.text : `<${p.t}>`))
          .join(''),
        text,
      ).toBe(text);
  });

  it('makes links only of http(s) URLs', () => {
    expect(parseInline('[docs](https://example.com/d)')).toEqual([
      { t: 'link', text: 'docs', href: 'https://example.com/d' },
    ]);
    expect(parseInline('[x](javascript:alert(1))')).toEqual([{ t: 'text', text: '[x](javascript:alert(1))' }]);
    expect(parseInline('see https://example.com.')[1]).toEqual({
      t: 'link',
      text: 'https://example.com',
      href: 'https://example.com/',
    });
  });

  it('parses fenced code, quotes and lists into blocks', () => {
    const blocks = parseMarkdown(
      'intro\n```js\nconst a = 1;\n  indented *no*\n```\n> quoted **x**\n- one\n- two\n1. first',
    );
    expect(blocks.map((b) => b.t)).toEqual(['p', 'pre', 'quote', 'ul', 'ol']);
    expect(blocks[1]).toEqual({ t: 'pre', text: 'const a = 1;\n  indented *no*', lang: 'js' });
    expect(blocks[3]).toMatchObject({ t: 'ul', items: [[{ t: 'text', text: 'one' }], [{ t: 'text', text: 'two' }]] });
  });

  it('takes an unclosed fence to the end, and keeps line breaks in paragraphs', () => {
    expect(parseMarkdown('```\ncode')).toEqual([{ t: 'pre', text: 'code', lang: '' }]);
    expect(parseMarkdown('a\nb')).toEqual([
      { t: 'p', lines: [[{ t: 'text', text: 'a' }], [{ t: 'text', text: 'b' }]] },
    ]);
  });

  it('stays fast and bounded on hostile input', () => {
    const start = performance.now();
    for (const text of [
      '*'.repeat(4000),
      '_a'.repeat(2000),
      '**a'.repeat(1300),
      '`'.repeat(4000),
      '>'.repeat(4000),
      '['.repeat(2000) + '](',
      '~~a'.repeat(1300),
      '- '.repeat(2000),
      '*'.repeat(10) + 'a' + '*'.repeat(10),
    ]) {
      const blocks = parseMarkdown(text);
      expect(blocks.length).toBeGreaterThan(0);
    }
    expect(performance.now() - start).toBeLessThan(2000);
    // Nesting stops at a depth of 3: deeper marks stay text.
    const deep = JSON.stringify(parseInline('**~~*_x_*~~**'));
    expect(deep).toContain('"strong"');
  });
});
