// Every control must have an accessible name, for screen readers and for tests alike.
import type { Page } from 'playwright-core';

const CONTROL_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'checkbox',
  'combobox',
  'radio',
  'switch',
  'slider',
]);

interface AXNode {
  ignored?: boolean;
  role?: { value?: string };
  name?: { value?: string };
}

/** The roles of the controls on `page` that have no accessible name, as Chromium computes it. */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    return nodes
      .filter((n) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? '') && !(n.name?.value ?? '').trim())
      .map((n) => n.role!.value!);
  } finally {
    await cdp.detach();
  }
}
