// A person's picture: their avatar URL (https only, as the page's CSP allows), else (or when it
// fails to load) their initials on a colour that is always the same for the same username.
import { useState } from 'react';

/** A hue from the username: the same person always gets the same colour. */
export function avatarHue(username: string): number {
  let h = 0;
  for (const ch of username.toLowerCase()) h = (h * 31 + ch.codePointAt(0)!) % 360;
  return h;
}

/** Up to two letters: the first of the first two words of the name ("Ann Lee" → "AL"). */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/)
    .filter(Boolean);
  const letters = words.slice(0, 2).map((w) => [...w][0]!.toUpperCase());
  return letters.join('') || '?';
}

interface Props {
  username: string;
  nickname?: string | null;
  url?: string | null;
  /** Pixels. */
  size?: number;
}

export function Avatar({ username, nickname, url, size = 28 }: Props) {
  const box = { width: size, height: size, fontSize: size * 0.42 };
  // The URL that failed to load, so a new one is tried again.
  const [broken, setBroken] = useState<string | null>(null);
  if (url?.startsWith('https://') && url !== broken)
    return <img className="avatar" src={url} alt="" style={box} onError={() => setBroken(url)} />;
  // White on a hue at 38% lightness keeps AA contrast for these short, bold letters. The letters
  // are drawn by CSS from data-initials, so they are not part of the text around them.
  return (
    <span
      className="avatar"
      aria-hidden="true"
      data-initials={initials(nickname ?? username)}
      style={{ ...box, background: `hsl(${avatarHue(username)} 55% 38%)` }}
    />
  );
}
