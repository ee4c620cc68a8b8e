// What a person does on each page, as steps the end-to-end test can call.
import type { Locator, Page } from 'playwright-core';

/** Registers through the sign-in page and waits for the home page. */
export async function registerThroughUi(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(baseUrl + '/');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: `Hello, ${username}` }).waitFor();
}

export const messageLog = (page: Page): Locator => page.getByRole('log', { name: 'Messages' });

/** The stored (acknowledged) message items whose text is exactly `text`. */
export function storedMessages(page: Page, text: string): Locator {
  return messageLog(page)
    .locator('li.message[data-state="stored"] .message-text')
    .filter({ hasText: exactText(text) });
}

/** The stored message item (the whole `li`, with its quote, reactions and actions) whose text is
 *  exactly `text`. */
export function storedItem(page: Page, text: string): Locator {
  return messageLog(page)
    .locator('li.message[data-state="stored"]')
    .filter({ has: page.locator('.message-text', { hasText: exactText(text) }) });
}

/** Waits until the room shows `text` as a stored message, at most `timeoutMs`. */
export async function waitForMessage(page: Page, text: string, timeoutMs = 5_000): Promise<void> {
  await storedMessages(page, text).first().waitFor({ timeout: timeoutMs });
}

/** Types into the message box and presses Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

export async function waitForStatus(page: Page, label: string, timeoutMs = 10_000): Promise<void> {
  await page.getByRole('status').filter({ hasText: label }).waitFor({ timeout: timeoutMs });
}

/** The member list's entries, e.g. ["alice, here", "bob (you), away"]. */
export async function memberEntries(page: Page): Promise<string[]> {
  const items = page.getByRole('list', { name: 'Members' }).getByRole('listitem');
  return (await items.allTextContents()).map((t) => t.trim());
}

/** Waits until the member list has `username` with the given presence. */
export async function waitForMember(page: Page, username: string, online: boolean, timeoutMs = 5_000): Promise<void> {
  await page
    .getByRole('list', { name: 'Members' })
    .getByRole('listitem')
    .filter({ hasText: new RegExp(`^${username}( \\(you\\))?, ${online ? 'here' : 'away'}$`) })
    .waitFor({ timeout: timeoutMs });
}

function exactText(text: string): RegExp {
  return new RegExp('^' + text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');
}
