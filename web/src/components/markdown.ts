// The markdown subset messages may use, parsed into a tree that is rendered as React elements
// (never as an HTML string): **bold**, *italic* or _italic_, ~~strike~~, `code`, fenced code
// blocks, > quotes, - and 1. lists, [links](https://…) and bare http(s) links. Anything else is
// text. Every construct is bounded (one line for inline marks, a depth of 3 for nesting), so a
// hostile message costs at most a few passes over its 4,000 characters.
import { linkify } from './linkify';

export type Inline =
  | { t: 'text'; text: string }
  | { t: 'code'; text: string }
  | { t: 'link'; text: string; href: string }
  | { t: 'strong' | 'em' | 'del'; children: Inline[] };

export type Block =
  | { t: 'p'; lines: Inline[][] }
  | { t: 'pre'; text: string; lang: string }
  | { t: 'quote'; blocks: Block[] }
  | { t: 'ul' | 'ol'; items: Inline[][] };

const MAX_DEPTH = 3;
const FENCE = /^\s*```\s*([\w+-]*)\s*$/;
const QUOTE = /^>\s?/;
const BULLET = /^\s*[-*+]\s+/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+/;

/** The blocks of a message's text. */
export function parseMarkdown(text: string, depth = 0): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = depth === 0 ? FENCE.exec(line) : null;
    if (fence) {
      const end = lines.findIndex((l, k) => k > i && /^\s*```\s*$/.test(l));
      const stop = end === -1 ? lines.length : end;
      blocks.push({ t: 'pre', text: lines.slice(i + 1, stop).join('\n'), lang: fence[1] });
      i = stop + 1;
      continue;
    }
    if (QUOTE.test(line) && depth < MAX_DEPTH) {
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i])) quoted.push(lines[i++].replace(QUOTE, ''));
      blocks.push({ t: 'quote', blocks: parseMarkdown(quoted.join('\n'), depth + 1) });
      continue;
    }
    const list = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null;
    if (list) {
      const items: Inline[][] = [];
      while (i < lines.length && list.test(lines[i])) items.push(parseInline(lines[i++].replace(list, '')));
      blocks.push({ t: list === BULLET ? 'ul' : 'ol', items });
      continue;
    }
    const paragraph: Inline[][] = [];
    while (i < lines.length && !startsBlock(lines[i], depth)) paragraph.push(parseInline(lines[i++]));
    if (paragraph.length === 0) paragraph.push(parseInline(lines[i++])); // cannot happen; be safe
    blocks.push({ t: 'p', lines: paragraph });
  }
  return blocks;
}

function startsBlock(line: string, depth: number): boolean {
  return (
    (depth === 0 && FENCE.test(line)) ||
    (QUOTE.test(line) && depth < MAX_DEPTH) ||
    BULLET.test(line) ||
    NUMBERED.test(line)
  );
}

/** Inline marks: the earliest construct that closes on the same line wins; the rest is text. */
const INLINE =
  /(`[^`\n]+`)|(\*\*(?=\S)[^\n]*?\S\*\*)|(~~(?=\S)[^\n]*?\S~~)|((?<![\w*])\*(?=[^\s*])[^*\n]*?[^\s*]\*(?![\w*]))|((?<![\w_])_(?=[^\s_])[^_\n]*?[^\s_]_(?![\w_]))|(\*(?=[^\s*])[^\s*]\*)|(\[[^\]\n]{1,200}\]\(https?:\/\/[^\s)]{1,2000}\))/;

/** The inline marks of one line. */
export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  while (rest.length > 0) {
    const m = depth < MAX_DEPTH ? INLINE.exec(rest) : null;
    if (!m) {
      out.push(...plain(rest));
      break;
    }
    if (m.index > 0) out.push(...plain(rest.slice(0, m.index)));
    const token = m[0];
    if (m[1]) out.push({ t: 'code', text: token.slice(1, -1) });
    else if (m[2]) out.push({ t: 'strong', children: parseInline(token.slice(2, -2), depth + 1) });
    else if (m[3]) out.push({ t: 'del', children: parseInline(token.slice(2, -2), depth + 1) });
    else if (m[4] || m[5] || m[6]) out.push({ t: 'em', children: parseInline(token.slice(1, -1), depth + 1) });
    else out.push(...markdownLink(token));
    rest = rest.slice(m.index + token.length);
  }
  return out;
}

/** Text with bare http(s) URLs as links. */
function plain(text: string): Inline[] {
  return linkify(text).map((p) =>
    p.kind === 'link' ? { t: 'link', text: p.text, href: p.href } : { t: 'text', text: p.text },
  );
}

/** `[label](url)` as a link when the URL is http(s), else as the text it is. */
function markdownLink(token: string): Inline[] {
  const close = token.indexOf('](');
  const label = token.slice(1, close);
  const href = linkify(token.slice(close + 2, -1));
  if (href.length === 1 && href[0].kind === 'link') return [{ t: 'link', text: label, href: href[0].href }];
  return [{ t: 'text', text: token }];
}
