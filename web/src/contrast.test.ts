// WCAG AA for the stylesheet's colours, in light and dark mode: every pair of text and the
// backgrounds it is drawn on reaches 4.5:1 (text) or 3:1 (state shown by a non-text mark).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(path.resolve(import.meta.dirname, 'app.css'), 'utf8');

/** The colour variables of the first `:root { … }` after `from`. */
function palette(from: number): Record<string, string> {
  const start = css.indexOf(':root {', from);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const themes = {
  light: palette(0),
  dark: palette(css.indexOf('prefers-color-scheme: dark')),
};

/** [foreground, background, minimum]: what the stylesheet draws on what. */
const PAIRS: [string, string, number][] = [
  ['text', 'bg', 4.5],
  ['text', 'surface', 4.5],
  ['text', 'bubble', 4.5],
  ['text', 'own-bubble', 4.5],
  ['muted', 'bg', 4.5],
  ['muted', 'surface', 4.5],
  ['muted', 'bubble', 4.5],
  ['muted', 'own-bubble', 4.5],
  ['accent-text', 'accent', 4.5],
  ['accent', 'surface', 4.5],
  ['accent', 'bg', 4.5],
  ['error-text', 'error-bg', 4.5],
  ['error-text', 'surface', 4.5],
  ['surface', 'error-text', 4.5],
  ['online', 'surface', 3],
  ['offline', 'surface', 3],
];

describe('colour contrast (WCAG AA)', () => {
  for (const [theme, colours] of Object.entries(themes)) {
    it(`holds in ${theme} mode`, () => {
      const failing = PAIRS.filter(([fg, bg, min]) => contrast(colours[fg], colours[bg]) < min).map(
        ([fg, bg, min]) => `${fg} on ${bg}: ${contrast(colours[fg], colours[bg]).toFixed(2)} < ${min}`,
      );
      expect(failing).toEqual([]);
    });
  }
});
