// Alice and Bob in two browser contexts against the real server: the flows of the design's
// section 7, a 1:1 chat, text-only rendering, and a server restart.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { unnamedControls } from './accessibility';
import { launchChromium } from './browser';
import { startParley, type RunningServer } from './parley-server';
import {
  memberEntries,
  messageLog,
  registerThroughUi,
  sendMessage,
  storedItem,
  storedMessages,
  waitForMember,
  waitForMessage,
  waitForStatus,
} from './pages';

const OUTPUT_DIR = path.resolve(process.env.E2E_OUTPUT_DIR ?? 'test-results/e2e');
const PASSWORD = 'correct horse battery';
/** The promise: each sees the other's message within a second. */
const DELIVERY_MS = 1_000;
const XSS = '<img src=x onerror=alert(1)>';

let dataDir: string;
let server: RunningServer;
let browser: Browser;
let alice: Page;
let bob: Page;
let groupUrl: string;
let carolToken: string;
let directUrl: string;
const dialogs: string[] = [];
/** Confirmation dialogs are dismissed (an XSS alert must never be accepted) unless a step sets this. */
let acceptDialogs = false;

async function openAs(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void (acceptDialogs && d.type() === 'confirm' ? d.accept() : d.dismiss());
  });
  return page;
}

/** Saves a screenshot of the page to the test output, after checking every control is named and
 *  the page does not scroll sideways. */
async function screenshot(page: Page, name: string): Promise<void> {
  expect(await unnamedControls(page), `unnamed controls on ${name}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-'));
  server = await startParley(path.join(dataDir, 'parley.db'));
  browser = await launchChromium();
  alice = await openAs(await browser.newContext());
  // Bob is on a phone in dark mode.
  bob = await openAs(await browser.newContext({ viewport: { width: 390, height: 780 }, colorScheme: 'dark' }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('two people chatting in the browser', () => {
  it('signs up Alice and Bob through the sign-in page', async () => {
    await alice.goto(server.url + '/');
    await alice.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(alice, '01-sign-in');
    await registerThroughUi(alice, server.url, 'alice', PASSWORD);
    await registerThroughUi(bob, server.url, 'bob', PASSWORD);
    await screenshot(alice, '02-home');
  });

  it('shows a taken username next to the username field', async () => {
    const context = await browser.newContext();
    const page = await openAs(context);
    await page.goto(server.url + '/');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    // The error is the username field's accessible description.
    const description = await page.waitForFunction(() => {
      const field = document.querySelector<HTMLInputElement>('input[name="username"][aria-invalid="true"]');
      const id = field?.getAttribute('aria-describedby');
      return id ? document.getElementById(id)?.textContent : null;
    });
    expect(await description.jsonValue()).toMatch(/taken/i);
    await context.close();
  });

  it('shows the error banner for a room that does not exist, and stops', async () => {
    await alice.goto(server.url + '/groupchat?roomId=9999');
    await alice
      .getByRole('alert')
      .filter({ hasText: /^⚠️ Error: .+/ })
      .waitFor();
    await waitForStatus(alice, '🔴 Disconnected');
    const box = alice.getByRole('textbox', { name: 'Message' });
    expect(await box.isDisabled()).toBe(true);
    expect(await box.getAttribute('placeholder')).toBe('This room is not available');
    expect(await alice.getByRole('button', { name: 'Reconnect' }).count()).toBe(0);
    await screenshot(alice, '03-room-not-found');
    await alice.getByRole('link', { name: 'Back to home' }).click();
    await alice.getByRole('heading', { name: 'Hello, alice' }).waitFor();
  });

  it('lets Alice create a group and Bob join it from his group list', async () => {
    await alice.getByRole('button', { name: '+ New group' }).click();
    await alice.getByLabel('Group name').fill('ABgroup');
    await alice.getByRole('button', { name: 'Create group' }).click();
    await alice.waitForURL(/\/groupchat\?roomId=\d+$/);
    groupUrl = alice.url();
    await waitForStatus(alice, '🟢 Connected');

    await bob.reload();
    await bob.getByRole('button', { name: 'Join ABgroup' }).click();
    await bob.waitForURL(groupUrl);
    await waitForStatus(bob, '🟢 Connected');
    await waitForMember(alice, 'bob', true);
    await waitForMember(bob, 'alice', true);
  });

  it('delivers each message to the other person within a second', async () => {
    await sendMessage(alice, 'Hello Bob!');
    await waitForMessage(bob, 'Hello Bob!', DELIVERY_MS);
    await sendMessage(bob, 'Hi Alice!');
    await waitForMessage(alice, 'Hi Alice!', DELIVERY_MS);
    await waitForMessage(bob, 'Hi Alice!');
    await screenshot(alice, '04-group-chat');
    await screenshot(bob, '05-group-chat-phone');
    // On a phone the messages get most of the screen: headers and the member strip stay small.
    const share = await bob.evaluate(
      () => document.querySelector('.message-list')!.getBoundingClientRect().height / window.innerHeight,
    );
    expect(share, 'share of the phone screen for messages').toBeGreaterThan(0.6);
  });

  it('shows the full history and no duplicate member after Alice refreshes', async () => {
    await alice.reload();
    await waitForStatus(alice, '🟢 Connected');
    await waitForMessage(alice, 'Hello Bob!');
    await waitForMessage(alice, 'Hi Alice!');
    expect(await messageLog(alice).locator('li.message').count()).toBe(2);
    await waitForMember(bob, 'alice', true);
    expect(await memberEntries(alice)).toEqual(['alice (you), here', 'bob, here']);
    expect(await memberEntries(bob)).toEqual(['alice, here', 'bob (you), here']);
  });

  it("updates Bob's member list when Alice closes the room", async () => {
    await alice.getByRole('button', { name: 'Close' }).click();
    await alice.waitForURL(server.url + '/');
    await waitForMember(bob, 'alice', false);
    await screenshot(bob, '06-after-alice-left');
  });

  it('opens a 1:1 chat from the picker and from /dm/:username', async () => {
    await alice.getByRole('button', { name: '+ New 1:1 chat' }).click();
    await alice.getByLabel('Find a person').fill('bo');
    await alice.getByRole('button', { name: 'Chat with bob' }).click();
    await alice.waitForURL(/\/chat\?roomId=\d+$/);
    directUrl = alice.url();
    await alice.getByRole('heading', { name: 'Chat with bob' }).waitFor();
    await waitForStatus(alice, '🟢 Connected');
    await sendMessage(alice, 'Just between us');

    await bob.goto(server.url + '/dm/alice');
    await bob.waitForURL(alice.url());
    await bob.getByRole('heading', { name: 'Chat with alice' }).waitFor();
    await waitForMessage(bob, 'Just between us');
    await sendMessage(bob, 'Sure thing');
    await waitForMessage(alice, 'Sure thing', DELIVERY_MS);
    await screenshot(alice, '07-direct-chat');
  });

  it('lets Alice create a private group and add Bob to it', async () => {
    await alice.goto(server.url + '/');
    await alice.getByRole('button', { name: '+ New group' }).click();
    await alice.getByLabel('Group name').fill('Secret plans');
    await alice.getByLabel('Private').check();
    await alice.getByRole('button', { name: 'Create group' }).click();
    await alice.waitForURL(/\/groupchat\?roomId=\d+$/);
    await sendMessage(alice, 'Only for us');
    await waitForMessage(alice, 'Only for us');
    await alice.getByLabel('Add a member').fill('bob');
    await alice.getByRole('button', { name: 'Add', exact: true }).click();
    await alice.getByRole('status').filter({ hasText: 'bob was added.' }).waitFor();
    await waitForMember(alice, 'bob', false);
    await screenshot(alice, '08-private-group');

    await bob.goto(server.url + '/');
    await bob.getByRole('button', { name: 'Open Secret plans' }).click();
    await waitForMessage(bob, 'Only for us');
    await waitForMember(alice, 'bob', true);
    await alice.goto(directUrl);
    await bob.goto(directUrl);
  });

  it('shows markup as text and links as safe anchors', async () => {
    await sendMessage(bob, XSS);
    await waitForMessage(alice, XSS);
    await sendMessage(alice, 'see https://example.com/docs.');
    await waitForMessage(bob, 'see https://example.com/docs.');
    for (const page of [alice, bob]) {
      expect(await messageLog(page).locator('img').count()).toBe(0);
      const link = messageLog(page).getByRole('link', { name: 'https://example.com/docs' });
      expect(await link.getAttribute('href')).toBe('https://example.com/docs');
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(dialogs).toEqual([]);
    await screenshot(bob, '09-markup-as-text');
  });

  it('reconnects both after a server restart and catches up on what was sent meanwhile', async () => {
    await alice.goto(groupUrl);
    await bob.goto(groupUrl);
    await waitForStatus(alice, '🟢 Connected');
    await waitForStatus(bob, '🟢 Connected');

    const dbFile = path.join(dataDir, 'parley.db');
    await server.stop();
    await waitForStatus(alice, '🟡 Reconnecting…');
    await waitForStatus(bob, '🟡 Reconnecting…');
    await alice
      .getByRole('status')
      .filter({ hasText: /Connection lost/ })
      .waitFor();
    // The box stays usable: what Alice types now waits and is sent, once, when the server is back.
    await sendMessage(alice, 'Typed while offline');
    await alice.getByRole('status').filter({ hasText: '1 message will be sent' }).waitFor();
    await screenshot(alice, '10-reconnecting');

    // While both are away, Carol writes through another server process on another port with the
    // same database: Alice and Bob can only see her messages by catching up after rejoining.
    const elsewhere = await startParley(dbFile);
    carolToken = await registerViaApi(elsewhere.url, 'carol');
    await sendViaSocket(elsewhere.url, carolToken, groupUrl, ['Sent while you were away', 'And one more']);
    await elsewhere.stop();
    server = await startParley(dbFile, server.port);

    for (const page of [alice, bob]) {
      await waitForStatus(page, '🟢 Connected', 20_000);
      await waitForMessage(page, 'Sent while you were away');
      await waitForMessage(page, 'And one more');
      await waitForMessage(page, 'Typed while offline');
      for (const text of [
        'Hello Bob!',
        'Hi Alice!',
        'Sent while you were away',
        'And one more',
        'Typed while offline',
      ]) {
        expect(await storedMessages(page, text).count(), text).toBe(1);
      }
    }
    await sendMessage(bob, 'Back again');
    await waitForMessage(alice, 'Back again', DELIVERY_MS);
    await screenshot(alice, '11-after-restart');
  });

  it('sends a multi-line message with Shift+Enter', async () => {
    const box = alice.getByRole('textbox', { name: 'Message' });
    await box.fill('line one');
    await box.press('Shift+Enter');
    await box.pressSequentially('line two');
    expect(await box.inputValue()).toBe('line one\nline two');
    await box.press('Enter');
    await waitForMessage(bob, 'line one\nline two');
    expect(await box.inputValue()).toBe('');
  });

  it('opens a long history at the newest message and pages back by scrolling up', async () => {
    const texts = Array.from({ length: 130 }, (_, i) => `bulk ${i + 1}`);
    await sendViaSocket(server.url, carolToken, groupUrl, texts);
    await alice.reload();
    await waitForMessage(alice, 'bulk 130');
    expect(await inViewport(alice, 'bulk 130')).toBe(true);
    expect(await storedMessages(alice, 'bulk 1').count()).toBe(0);

    await messageLog(alice).evaluate((log) => (log.scrollTop = 0));
    await waitForMessage(alice, 'bulk 1');
    await waitForMessage(alice, 'Hello Bob!');
    expect(await alice.getByRole('button', { name: 'Load older messages' }).count()).toBe(0);
    expect(await messageLog(alice).locator('li.message').count()).toBe(texts.length + 7);
    // Esc goes back to the newest message.
    expect(await inViewport(alice, 'bulk 130')).toBe(false);
    await alice.keyboard.press('Escape');
    await expect.poll(() => inViewport(alice, 'bulk 130'), { timeout: 2_000 }).toBe(true);
  });
  it('keeps the message box and the newest message on screen in a long room, on desktop and phone', async () => {
    await sendViaSocket(
      server.url,
      carolToken,
      groupUrl,
      Array.from({ length: 300 }, (_, i) => `long ${i + 1}`),
    );
    for (const page of [alice, bob]) {
      await page.goto(groupUrl);
      await waitForMessage(page, 'long 300');
      await expectChatFitsTheWindow(page, 'long 300');
    }
    await sendViaSocket(server.url, carolToken, groupUrl, ['after the long ones']);
    for (const page of [alice, bob]) {
      await waitForMessage(page, 'after the long ones');
      await expectChatFitsTheWindow(page, 'after the long ones');
    }
    await screenshot(bob, 'long-room-phone');
  });

  it('keeps the room list current: unread counts, the tab title, reads on another tab, rooms added', async () => {
    await alice.goto(directUrl);
    const rooms = (page: Page) => page.getByRole('navigation', { name: 'Rooms' });
    const abgroup = rooms(alice).getByRole('link', { name: /ABgroup/ });
    await abgroup.waitFor();
    const before = unreadInTitle(await alice.title());
    await sendViaSocket(server.url, carolToken, groupUrl, ['unread one', 'unread two']);
    await abgroup.getByLabel('2 unread').waitFor();
    expect(await abgroup.textContent()).toContain('carol: unread two');
    await expect.poll(async () => unreadInTitle(await alice.title())).toBe(before + 2);
    expect(await rooms(alice).getByRole('link').nth(1).textContent(), 'the busiest room comes first').toContain(
      'ABgroup',
    );

    const tab2 = await alice.context().newPage();
    await tab2.goto(directUrl);
    await rooms(tab2)
      .getByRole('link', { name: /ABgroup/ })
      .getByLabel('2 unread')
      .waitFor();
    await abgroup.click();
    await waitForMessage(alice, 'unread two');
    await expect.poll(() => rooms(tab2).getByLabel('2 unread').count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(async () => unreadInTitle(await alice.title())).toBe(before);
    await screenshot(alice, '12-room-list');
    await tab2.close();

    await bob.evaluate(async () => {
      const post = (url: string, body: unknown) =>
        fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const group = (await (await post('/groups', { name: 'Surprise party', private: true })).json()) as { id: number };
      await post(`/groups/${group.id}/members`, { username: 'alice' });
    });
    await rooms(alice)
      .getByRole('link', { name: /Surprise party/ })
      .waitFor();
  });

  it('lets the owner set a topic and delete a group, and a member leave one for good', async () => {
    acceptDialogs = true;
    await alice.goto(server.url + '/');
    await alice.getByRole('button', { name: '+ New group' }).click();
    await alice.getByRole('textbox', { name: 'Group name' }).fill('Short-lived');
    await alice.getByRole('button', { name: 'Create group' }).click();
    await alice.waitForURL(/groupchat/);
    const shortLived = alice.url();
    await alice.getByRole('button', { name: 'Edit group' }).click();
    await alice.getByRole('textbox', { name: 'Topic' }).fill('Plans for Friday');
    await alice.getByRole('button', { name: 'Save' }).click();
    await alice.getByText('Plans for Friday').waitFor();

    await bob.goto(shortLived);
    await bob.getByText('Plans for Friday').waitFor();
    await bob.evaluate(
      (id) =>
        fetch(`/groups/${id}/members`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'bob' }),
        }),
      Number(new URL(shortLived).searchParams.get('roomId')),
    );
    await bob.reload();
    await bob.getByRole('button', { name: 'Leave group' }).click(); // the confirmation is accepted below
    await bob.waitForURL(server.url + '/');
    expect(dialogs.at(-1)).toContain('Leave Short-lived?');
    await expect.poll(() => bob.getByRole('navigation', { name: 'Rooms' }).getByText('Short-lived').count()).toBe(0);

    await alice.getByRole('button', { name: 'Delete group' }).click();
    await alice.waitForURL(server.url + '/');
    expect(dialogs.at(-1)).toContain('Delete Short-lived');
    await expect.poll(() => alice.getByRole('navigation', { name: 'Rooms' }).getByText('Short-lived').count()).toBe(0);
    acceptDialogs = false;
  });

  it('switches rooms from the keyboard and puts the cursor in the message box', async () => {
    await alice.goto(directUrl);
    const box = alice.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    // The room list loads after the page: the switcher and Alt+arrows work on what it holds.
    await alice
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: /ABgroup/ })
      .waitFor();
    // Rooms are channels over the tab's one socket: switching between them opens none.
    const socketsOpened: string[] = [];
    alice.on('websocket', (ws) => socketsOpened.push(ws.url()));
    await alice.keyboard.press('Control+K');
    const switcher = alice.getByRole('dialog', { name: 'Switch room' });
    await switcher.getByRole('textbox', { name: 'Room name' }).fill('abgr');
    await alice.keyboard.press('Enter');
    await alice.waitForURL(groupUrl);
    expect(await switcher.count()).toBe(0);
    const order = await alice
      .getByRole('navigation', { name: 'Rooms' })
      .locator('a.room-link')
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    await alice.keyboard.press('Alt+ArrowDown');
    await alice.waitForURL(order[(order.indexOf(groupUrl) + 1) % order.length]);
    await alice.keyboard.press('Alt+ArrowUp');
    await alice.waitForURL(groupUrl);
    await waitForMessage(alice, 'unread two');
    expect(socketsOpened, 'switching rooms opened a socket').toEqual([]);
  });

  it("opens a person's card from their name, with their tags and a Message button", async () => {
    await alice.evaluate(() =>
      fetch('/profile/tags', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tag: 'design' }),
      }),
    );
    await bob.goto(groupUrl);
    await bob.getByRole('list', { name: 'Members' }).getByRole('button', { name: 'alice' }).click();
    const card = bob.getByRole('dialog', { name: 'Profile of alice' });
    await card.getByText('@alice').waitFor();
    await screenshot(bob, '14-person-card');
    await card.getByRole('link', { name: '#design' }).click();
    await bob.getByRole('heading', { name: 'People tagged #design' }).waitFor();
    await bob.getByRole('link', { name: 'Message' }).click();
    await bob.waitForURL(/\/chat\?roomId=/);
    expect(bob.url()).toBe(directUrl);
  });

  it('opens the room list as a drawer at phone width', async () => {
    await bob.goto(server.url + '/');
    const drawer = bob.getByRole('navigation', { name: 'Rooms' });
    expect(await drawer.isVisible()).toBe(false);
    await bob.getByRole('button', { name: /^Rooms/ }).click();
    await drawer.getByRole('link', { name: /ABgroup/ }).click();
    await waitForMessage(bob, 'unread two');
    expect(await drawer.isVisible()).toBe(false);
    expect(bob.url()).toBe(groupUrl);

    // Picking a person for a 1:1 chat in the drawer opens the chat with the drawer closed.
    await bob.getByRole('button', { name: /^Rooms/ }).click();
    await drawer.getByRole('button', { name: '+ New 1:1 chat' }).click();
    await drawer.getByLabel('Find a person').fill('alice');
    await drawer.getByRole('button', { name: 'Chat with alice' }).click();
    await bob.waitForURL(directUrl);
    await expect.poll(() => drawer.isVisible()).toBe(false);
  });

  it('changes the profile and password in settings, and signs out everywhere', async () => {
    acceptDialogs = true;
    const context = await browser.newContext();
    const erin = await openAs(context);
    await registerThroughUi(erin, server.url, 'erin', PASSWORD);
    await erin.getByRole('link', { name: 'Settings' }).click();
    await erin.getByRole('heading', { name: 'Settings' }).waitFor();
    await erin.getByRole('textbox', { name: 'Nickname' }).fill('Erin E.');
    await erin.getByRole('button', { name: 'Save profile' }).click();
    await erin.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    await erin.getByLabel('Current password').fill('wrong password!');
    await erin.getByLabel('New password', { exact: true }).fill('a new password 1');
    await erin.getByRole('button', { name: 'Change password' }).click();
    await erin
      .getByRole('alert')
      .filter({ hasText: /password is wrong/ })
      .waitFor();
    await erin.getByLabel('Current password').fill(PASSWORD);
    await erin.getByRole('button', { name: 'Change password' }).click();
    await erin.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    await screenshot(erin, '13-settings');

    const phone = await openAs(await browser.newContext());
    await phone.goto(server.url + '/');
    await phone.getByLabel('Username').fill('erin');
    await phone.getByLabel('Password').fill('a new password 1');
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.getByRole('heading', { name: 'Hello, Erin E.' }).waitFor();

    await erin.getByRole('button', { name: 'Sign out everywhere' }).click();
    await erin.getByRole('heading', { name: 'Sign in' }).waitFor();
    await phone.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
    acceptDialogs = false;
    await context.close();
    await phone.context().close();
  });

  it('notifies of 1:1 messages in the background, and not for a muted room', async () => {
    const context = await browser.newContext();
    // A stand-in for the browser's Notification, already allowed, that records what is shown.
    await context.addInitScript(() => {
      const shown: { title: string; body?: string }[] = [];
      class RecordingNotification {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        onclick: (() => void) | null = null;
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body });
        }
        close() {}
      }
      Object.assign(window, { Notification: RecordingNotification, shownNotifications: shown });
    });
    const frank = await openAs(context);
    await registerThroughUi(frank, server.url, 'frank', PASSWORD);
    const ginaToken = await registerViaApi(server.url, 'gina');
    const opened = await fetch(server.url + '/direct', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ginaToken}` },
      body: JSON.stringify({ username: 'frank' }),
    });
    const roomUrl = `${server.url}/chat?roomId=${((await opened.json()) as { id: number }).id}`;
    const rooms = frank.getByRole('navigation', { name: 'Rooms' });
    await rooms.getByRole('link', { name: /gina/ }).waitFor();
    const shown = () =>
      frank.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications);

    await sendViaSocket(server.url, ginaToken, roomUrl, ['are you there?']);
    await expect.poll(shown).toEqual([{ title: 'gina', body: 'are you there?' }]);

    await frank.goto(roomUrl);
    await frank.getByRole('button', { name: 'Mute' }).click();
    await frank.getByRole('button', { name: '🔕 Muted' }).waitFor();
    await frank.goto(server.url + '/');
    await rooms.getByLabel('muted').waitFor();
    await sendViaSocket(server.url, ginaToken, roomUrl, ['still there?']);
    await rooms.getByText('gina: still there?').waitFor();
    expect(await shown()).toEqual([]);
    expect(unreadInTitle(await frank.title()), 'a muted room is not in the unread total').toBe(0);
    await context.close();
  });

  it('lets two people reply, react, edit and delete, and shows who is typing', async () => {
    await alice.goto(groupUrl);
    await bob.goto(groupUrl);
    await waitForStatus(alice, '🟢 Connected');
    await waitForStatus(bob, '🟢 Connected');
    await sendMessage(alice, 'Lunch at noon?');
    await waitForMessage(bob, 'Lunch at noon?');

    // Bob replies; Alice sees him typing, then the reply with its quote.
    const question = storedItem(bob, 'Lunch at noon?');
    await question.hover();
    await question.getByRole('button', { name: 'Reply' }).click();
    const box = bob.getByRole('textbox', { name: 'Message' });
    await box.pressSequentially('Yes!');
    await alice.getByText('bob is typing…').waitFor();
    await box.press('Enter');
    await waitForMessage(alice, 'Yes!');
    await alice.getByText('bob is typing…').waitFor({ state: 'hidden' });
    expect(await storedItem(alice, 'Yes!').locator('.reply-quote').textContent()).toContain('Lunch at noon?');

    // Alice reacts to the reply; Bob adds his to hers by clicking the chip.
    const reply = storedItem(alice, 'Yes!');
    await reply.hover();
    await reply.getByRole('button', { name: 'React', exact: true }).click();
    await reply.getByRole('searchbox', { name: 'Search emoji' }).fill('tada');
    await reply.getByRole('button', { name: 'React with 🎉' }).click();
    const bobsChip = storedItem(bob, 'Yes!').getByRole('button', { name: '🎉 1' });
    await bobsChip.click();
    await reply.getByRole('button', { name: '🎉 2, including you' }).waitFor();
    await storedItem(bob, 'Yes!').getByRole('button', { name: '🎉 2, including you' }).waitFor();

    // Alice edits her question from the keyboard (↑ in the empty box); Bob sees the new text,
    // marked edited, and the quote in his reply follows.
    await alice.getByRole('textbox', { name: 'Message' }).press('ArrowUp');
    const editor = alice.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Lunch at one?');
    await editor.press('Enter');
    await waitForMessage(bob, 'Lunch at one?');
    await storedItem(bob, 'Lunch at one?').getByText('(edited)').waitFor();
    await expect.poll(() => storedItem(bob, 'Yes!').locator('.reply-quote').textContent()).toContain('Lunch at one?');
    await screenshot(bob, '15-reply-reaction-edit-phone');

    // Alice deletes it (confirmed); both see a tombstone.
    const id = await storedItem(alice, 'Lunch at one?').getAttribute('data-message-id');
    acceptDialogs = true;
    try {
      const edited = storedItem(alice, 'Lunch at one?');
      await edited.hover();
      await edited.getByRole('button', { name: 'Delete' }).click();
      for (const page of [alice, bob]) {
        await messageLog(page)
          .locator(`li[data-message-id="${id}"][data-deleted="true"]`)
          .getByText('message deleted')
          .waitFor();
      }
    } finally {
      acceptDialogs = false;
    }
    await screenshot(alice, '16-message-deleted');

    // A mention of Alice while she is elsewhere: a mention badge in her room list, and the
    // mention highlighted once she opens the room.
    await alice.goto(server.url + '/');
    const entry = alice.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /ABgroup/ });
    await entry.waitFor();
    await sendMessage(bob, '@alice see the new time');
    await entry.getByLabel('1 mentions').waitFor();
    await entry.click();
    await waitForMessage(alice, '@alice see the new time');
    expect(await storedItem(alice, '@alice see the new time').locator('mark').textContent()).toBe('@alice');
  });

  it('finds messages in any script and opens one in its room', async () => {
    await sendMessage(bob, '明日は東京で会いましょう');
    await waitForMessage(alice, '明日は東京で会いましょう');
    await alice.getByRole('link', { name: 'Search', exact: true }).click();
    const box = alice.getByRole('searchbox', { name: 'Search messages' });
    await box.fill('東京で会');
    await box.press('Enter');
    const results = alice.getByRole('list', { name: 'Results' });
    const hit = results.getByRole('link').filter({ hasText: '明日は東京で会いましょう' });
    await hit.waitFor();
    expect(await hit.locator('mark').textContent()).toBe('東京で会');
    await screenshot(alice, '17-search');
    await hit.click();
    await alice.waitForURL(/at=\d+/);
    await messageLog(alice).locator('li.message.focused').filter({ hasText: '明日は東京で会いましょう' }).waitFor();
  });

  it('completes @mentions from the members and renders markdown as elements', async () => {
    const box = alice.getByRole('textbox', { name: 'Message' });
    await box.pressSequentially('@bo');
    await alice.getByRole('option', { name: '@bob' }).waitFor();
    await box.press('Enter');
    expect(await box.inputValue()).toBe('@bob ');
    await box.pressSequentially('**bold** and `code`');
    await box.press('Enter');
    const log = messageLog(bob);
    await log.locator('li.message strong', { hasText: 'bold' }).waitFor();
    expect(await log.locator('li.message p code').last().textContent()).toBe('code');
    await log.locator('li.message mark.mention-me', { hasText: '@bob' }).last().waitFor();
    await screenshot(bob, '18-markdown-mention-phone');
  });

  it('returns to the sign-in page when the session has ended', async () => {
    const context = await browser.newContext();
    const dave = await openAs(context);
    await registerThroughUi(dave, server.url, 'dave', PASSWORD);
    await dave.goto(groupUrl);
    await waitForStatus(dave, '🟢 Connected');
    // The session ends server-side (as when it expires); the open socket only notices on reconnect.
    await dave.evaluate(() => fetch('/auth/logout', { method: 'POST' }));
    await server.stop();
    server = await startParley(path.join(dataDir, 'parley.db'), server.port);
    await dave.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 20_000 });
    await context.close();
  });
});

/** The page itself does not scroll; the message box and the message `newest` are inside the
 *  window, and `newest` inside the message list's view. */
async function expectChatFitsTheWindow(page: Page, newest: string): Promise<void> {
  const box = await page.getByRole('textbox', { name: 'Message' }).boundingBox();
  const viewport = page.viewportSize()!;
  expect(box, 'the message box is rendered').not.toBeNull();
  expect(box!.y + box!.height, 'the message box is above the bottom of the window').toBeLessThanOrEqual(
    viewport.height,
  );
  expect(box!.y).toBeGreaterThanOrEqual(0);
  const pageScrolls = await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight + 1);
  expect(pageScrolls, 'the page scrolls instead of the list').toBe(false);
  await expect.poll(() => inViewport(page, newest), { timeout: 2_000 }).toBe(true);
  const item = await storedMessages(page, newest).first().boundingBox();
  expect(item!.y + item!.height).toBeLessThanOrEqual(viewport.height);
}

/** The unread total a tab title shows, "(3) ABgroup · Parley" → 3; 0 without one. */
function unreadInTitle(title: string): number {
  return Number(/^\((\d+)\) /.exec(title)?.[1] ?? 0);
}

/** Whether the message with exactly `text` is scrolled into the message list's view. */
function inViewport(page: Page, text: string): Promise<boolean> {
  return storedMessages(page, text)
    .first()
    .evaluate((el) => {
      const list = el.closest('[role="log"]')!.getBoundingClientRect();
      const item = el.getBoundingClientRect();
      return item.top >= list.top && item.bottom <= list.bottom + 1;
    });
}

/** Registers `username` through the API; resolves with its bearer token. */
async function registerViaApi(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(baseUrl + '/auth/register', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

/** Sends `texts` to the room of `roomUrl` over a plain WebSocket and waits for every ack. */
async function sendViaSocket(baseUrl: string, token: string, roomUrl: string, texts: string[]): Promise<void> {
  const roomId = Number(new URL(roomUrl).searchParams.get('roomId'));
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws?token=${token}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let acks = 0;
  const done = new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as { type: string; message?: string };
      if (event.type === 'error') reject(new Error(event.message));
      if (event.type === 'ack' && ++acks === texts.length) resolve();
    });
  });
  socket.send(JSON.stringify({ type: 'join', roomId }));
  texts.forEach((text, i) =>
    socket.send(JSON.stringify({ type: 'message', roomId, text, clientMsgId: `${Date.now()}-${i}` })),
  );
  await done;
  socket.close();
}
