// Files in the browser (issue 30), Alice on a desktop and Bob on a phone: a pasted screenshot and
// two dropped files reach the other as a thumbnail and file cards, the viewer opens, downloads are
// byte-identical, an HTML file downloads instead of rendering, and a non-member gets 404.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unnamedControls } from './accessibility';
import { launchChromium } from './browser';
import { startParley, type RunningServer } from './parley-server';
import { registerThroughUi, waitForStatus } from './pages';

const OUTPUT_DIR = path.resolve(process.env.E2E_OUTPUT_DIR ?? 'test-results/e2e');
const PASSWORD = 'correct horse battery';
const NOTES = 'Meeting notes\r\nline two\n\u00e9t\u00e9 \u2713\n';
const PAGE = '<!DOCTYPE html><html><body><script>document.title="ran"</script>hi</body></html>';

let dataDir: string;
let server: RunningServer;
let browser: Browser;
let alice: Page;
let bob: Page;

async function screenshot(page: Page, name: string): Promise<void> {
  expect(await unnamedControls(page), `unnamed controls on ${name}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
}

/** Waits until every attachment of the message box is uploaded, then sends. */
async function sendWhenUploaded(page: Page, count: number): Promise<void> {
  const done = page.locator('.attachments li.attachment:not(:has(progress))');
  await expect.poll(() => done.count(), { timeout: 10_000 }).toBe(count);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.locator('.attachments').waitFor({ state: 'detached' });
}

beforeAll(async () => {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-files-'));
  server = await startParley(path.join(dataDir, 'parley.db'));
  browser = await launchChromium();
  alice = await (await browser.newContext({ acceptDownloads: true })).newPage();
  bob = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 780 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sharing files in a room', () => {
  it('brings Alice and Bob into one group', async () => {
    await registerThroughUi(alice, server.url, 'alice', PASSWORD);
    await registerThroughUi(bob, server.url, 'bob', PASSWORD);
    await alice.getByRole('button', { name: '+ New group' }).click();
    await alice.getByLabel('Group name').fill('Files');
    await alice.getByRole('button', { name: 'Create group' }).click();
    await alice.waitForURL(/\/groupchat\?roomId=\d+$/);
    await waitForStatus(alice, '🟢 Connected');
    await bob.reload();
    await bob.getByRole('button', { name: 'Join Files' }).click();
    await waitForStatus(bob, '🟢 Connected');
  });

  it('sends a pasted screenshot, which Bob sees as a thumbnail and opens in the viewer', async () => {
    // A 320 x 200 screenshot on the clipboard, pasted into the message box.
    await alice.getByRole('textbox', { name: 'Message' }).evaluate(async (box) => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 200;
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#3367d6';
      g.fillRect(0, 0, 320, 200);
      g.fillStyle = '#ffffff';
      g.fillRect(40, 40, 100, 60);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      const data = new DataTransfer();
      data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await sendWhenUploaded(alice, 1);

    const thumb = bob.locator('li.message[data-state="stored"] .file-thumb img').first();
    await thumb.waitFor({ timeout: 5_000 });
    // Its real aspect ratio is reserved before it loads, and it does load.
    expect(await thumb.getAttribute('width')).toBe('320');
    expect(await thumb.getAttribute('height')).toBe('200');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await screenshot(bob, 'files-01-thumbnail-phone');

    await bob.getByRole('button', { name: /^Open pasted-1\.png$/ }).click();
    const viewer = bob.getByRole('dialog', { name: 'pasted-1.png' });
    await viewer.waitFor();
    await expect.poll(() => viewer.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    await screenshot(bob, 'files-02-viewer-phone');
    await bob.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  });

  it('sends two dropped files with a caption; Bob downloads them byte-identical', async () => {
    await alice.locator('main.chat').evaluate(
      (main, { notes, page }) => {
        const data = new DataTransfer();
        data.items.add(new File([notes], 'notes.txt', { type: 'text/plain' }));
        data.items.add(new File([page], 'page.html', { type: 'text/html' }));
        main.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        main.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      },
      { notes: NOTES, page: PAGE },
    );
    await alice.getByRole('textbox', { name: 'Message' }).fill('the notes and the page');
    await sendWhenUploaded(alice, 2);

    const notes = bob.getByRole('link', { name: /notes\.txt/ });
    await notes.waitFor({ timeout: 5_000 });
    await screenshot(bob, 'files-03-cards-phone');
    await screenshot(alice, 'files-04-desktop');
    for (const [link, bytes] of [
      [notes, NOTES],
      [bob.getByRole('link', { name: /page\.html/ }), PAGE],
    ] as const) {
      const [download] = await Promise.all([bob.waitForEvent('download'), link.click()]);
      expect(readFileSync((await download.path())!, 'utf8')).toBe(bytes);
    }
    // The HTML never rendered as a page of ours.
    expect(await bob.title()).not.toBe('ran');
    const href = (await bob.getByRole('link', { name: /page\.html/ }).getAttribute('href'))!;
    const answer = await bob.request.get(server.url + href);
    expect(answer.headers()['content-disposition']).toMatch(/^attachment/);
    expect(answer.headers()['x-content-type-options']).toBe('nosniff');
  });

  it('answers 404 to someone who is not a member', async () => {
    const href = (await bob.getByRole('link', { name: /notes\.txt/ }).getAttribute('href'))!;
    const response = await fetch(server.url + '/auth/register', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'carol', password: PASSWORD }),
    });
    const { token } = (await response.json()) as { token: string };
    const stranger = await fetch(server.url + href, { headers: { Authorization: `Bearer ${token}` } });
    expect(stranger.status).toBe(404);
    const member = await bob.request.get(server.url + href);
    expect(member.status()).toBe(200);
  });
});
