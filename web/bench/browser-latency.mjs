// Browser-to-browser latency: Alice presses Enter, how long until the message is in Bob's page?
// Also: how long from navigating to a chat page until it shows Connected.
//   cd web && npm run build && node bench/browser-latency.mjs [messages=100]
// Starts build/parley on a free loopback port with a fresh SQLite file (fsync on every commit,
// as in production) and Debian's Chromium; prints percentiles in milliseconds.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const messages = Number(process.argv[2] ?? 100);
const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-latency-'));
const server = spawn('../build/parley', ['serve', '--port', '0', '--db', `sqlite:${dir}/p.db`, '--web-root', 'dist']);
const base = await new Promise((resolve) => {
  let log = '';
  const onData = (d) => {
    log += d;
    const m = /listening on (http:\/\/[\d.:]+)/.exec(log);
    if (m) resolve(m[1]);
  };
  server.stdout.on('data', onData);
  server.stderr.on('data', onData);
});
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

async function signUp(name) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(base + '/');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: `Hello, ${name}` }).waitFor();
  return page;
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.floor(p * (values.length - 1))];
const report = (label, values) =>
  console.log(`${label}: p50 ${percentile(values, 0.5)} ms, p90 ${percentile(values, 0.9)} ms, max ${Math.max(...values)} ms (n=${values.length})`);

try {
  const alice = await signUp('alice');
  const bob = await signUp('bob');
  await alice.getByLabel('Group name').fill('latency');
  await alice.getByRole('button', { name: 'Create group' }).click();
  await alice.waitForURL(/roomId/);

  const loads = [];
  for (let i = 0; i < 10; i++) {
    const start = Date.now();
    await bob.goto(alice.url());
    await bob.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    loads.push(Date.now() - start);
  }
  // Bob's page notes when each message text first appears (same clock as this process).
  await bob.evaluate(() => {
    window.seenAt = {};
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.message-text')) window.seenAt[el.textContent] ??= Date.now();
    }).observe(document.body, { subtree: true, childList: true });
  });
  const latencies = [];
  const box = alice.getByRole('textbox', { name: 'Message' });
  for (let i = 0; i < messages; i++) {
    const text = `m-${i}`;
    await box.fill(text);
    const start = Date.now();
    await box.press('Enter');
    await bob.waitForFunction((t) => window.seenAt[t], text, { polling: 'raf' });
    latencies.push((await bob.evaluate((t) => window.seenAt[t], text)) - start);
  }
  report('chat page load to Connected', loads);
  report('Enter at Alice to visible at Bob', latencies);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
