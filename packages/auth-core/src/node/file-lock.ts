import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { sleep } from '../clock.js';
import { AuthTimeoutError } from '../errors.js';

/** Options for {@link acquireFileLock}. */
export interface FileLockOptions {
  /** A lock older than this (by its last heartbeat) is taken over. Default 30 000 ms. */
  staleMs?: number;
  /** Poll interval while waiting. Default 25 ms (with jitter). */
  retryMs?: number;
  /** Stop waiting when this aborts. */
  signal?: AbortSignal | undefined;
}

interface LockOwner {
  token: string;
  pid: number;
  host: string;
}

const HOST = hostname();

/**
 * Takes an exclusive lock file at `path` (created with `O_EXCL`, mode 0600). While held, its mtime is
 * touched so others can tell a live lock from one left by a crashed process; a lock whose owner is
 * dead (same host) or whose heartbeat is older than `staleMs` is taken over. Resolves with a release
 * function that removes the lock only if it is still ours.
 */
export async function acquireFileLock(
  path: string,
  options: FileLockOptions = {},
): Promise<() => Promise<void>> {
  const staleMs = options.staleMs ?? 30_000;
  const retryMs = options.retryMs ?? 25;
  const owner: LockOwner = { token: randomBytes(16).toString('hex'), pid: process.pid, host: HOST };
  for (;;) {
    if (options.signal?.aborted) {
      throw new AuthTimeoutError(`gave up waiting for the lock "${path}"`, {
        timeoutMs: 0,
        cause: options.signal.reason,
      });
    }
    if (await tryCreate(path, owner)) break;
    await breakIfStale(path, staleMs);
    // An abort ends the wait early; the loop then reports it.
    await sleep(retryMs * (1 + Math.random()), options.signal).catch(() => undefined);
  }
  const heartbeat = setInterval(
    () => {
      const now = new Date();
      utimes(path, now, now).catch(() => undefined);
    },
    Math.max(50, Math.floor(staleMs / 3)),
  );
  heartbeat.unref?.();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    const current = await readOwner(path);
    if (current?.token === owner.token) await unlink(path).catch(() => undefined);
  };
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(owner));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.token === 'string' ? (parsed as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

function ownerIsDead(owner: LockOwner): boolean {
  if (owner.host !== HOST) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function breakIfStale(path: string, staleMs: number): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    return; // gone already
  }
  const owner = await readOwner(path);
  const age = Date.now() - info.mtimeMs;
  // A lock file still being written has no owner yet: only its age can make it stale.
  const stale = owner ? ownerIsDead(owner) || age > staleMs : age > staleMs;
  if (!stale) return;
  // Move it aside atomically, then check we moved the lock we judged; if another process took a fresh
  // lock in between, put that one back.
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await readOwner(aside);
  if (owner && moved && moved.token !== owner.token) {
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}
