// Starts and stops the real `parley` binary for the end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The server binary: $PARLEY_BIN, or the default build next to web/. */
export const PARLEY_BIN = process.env.PARLEY_BIN ?? path.resolve(import.meta.dirname, '../../build/parley');
const WEB_ROOT = path.resolve(import.meta.dirname, '../dist');
const START_TIMEOUT_MS = 15_000;

/** A running server: its base URL, and a way to stop it (SIGTERM, then wait for the exit). */
export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts `parley serve` on `port` (0: any free port) with its database at `dbFile`, and
 * resolves once it logs the address it listens on.
 */
export function startParley(dbFile: string, port = 0): Promise<RunningServer> {
  const child = spawn(
    PARLEY_BIN,
    // The production limits, except messages: a test seeds a long history through one socket.
    // Uploads go beside the database.
    [
      'serve',
      '--port',
      String(port),
      '--db',
      `sqlite:${dbFile}`,
      '--files',
      path.join(path.dirname(dbFile), 'files'),
      '--web-root',
      WEB_ROOT,
      '--limit',
      'messages=off',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error('parley did not start in time:\n' + log)), START_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onOutput = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:(\d+))/.exec(log);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.stderr?.removeAllListeners('data');
      child.stdout?.resume();
      child.stderr?.resume();
      resolve({ url: match[1], port: Number(match[2]), stop: () => stopProcess(child) });
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`parley exited with ${code} before listening:\n${log}`)));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
