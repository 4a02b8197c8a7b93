import { AuthTimeoutError, type ReleaseLock } from '@ds/auth-core';
import { sleep } from '@ds/auth-core/strategy';
import type { RedisScriptClient } from './redis-client.js';
import {
  CLAIM_HOLDER_SCRIPT,
  CLEAR_HOLDER_SCRIPT,
  EXTEND_SCRIPT,
  LOCK_SCRIPT,
  RELEASE_SCRIPT,
} from './redis-scripts.js';
import { badReply, runScript } from './run-script.js';

/** How {@link acquireRedisLock} takes and keeps a lock. */
export interface RedisLockOptions {
  /** The Redis key of the lock. */
  lockKey: string;
  /** The Redis key that records the holder until it releases (to tell a takeover from a release). */
  holderKey: string;
  /** The store key, for error messages. */
  key: string;
  /** The lock expires this long after its last heartbeat (holder crashed). */
  ttlMs: number;
  /** Base wait between attempts; each wait is 1x to 2x this (jitter). */
  retryMs: number;
  /** Stop waiting when this aborts. */
  signal?: AbortSignal | undefined;
}

/**
 * Takes the lock with `SET NX PX` and a random owner token, retrying with jitter until it is free or
 * `signal` aborts (`AuthTimeoutError`, `ERR_AUTH_TIMEOUT`, cause = the signal's reason). While held,
 * a heartbeat (an unref'd timer every `ttlMs / 3`) extends the expiry; a holder that dies stops
 * extending it, so the lock frees itself after `ttlMs`. The release function deletes the lock only
 * if it still holds our token. A holder record (`holderKey`) is kept until release, so the release
 * function says `takenOver: true` (and `heldByPreviousMs`, how long ago that holder took it) when
 * the previous holder let its lock expire without releasing it.
 */
export async function acquireRedisLock(
  client: RedisScriptClient,
  options: RedisLockOptions,
): Promise<ReleaseLock> {
  const { lockKey, holderKey, key, ttlMs, retryMs, signal } = options;
  const token = randomToken();
  const ttl = String(ttlMs);
  for (;;) {
    if (signal?.aborted) {
      throw new AuthTimeoutError(`gave up waiting for the lock on key "${key}"`, {
        timeoutMs: 0,
        cause: signal.reason,
      });
    }
    const reply = await runScript(client, 'lock', key, LOCK_SCRIPT, [lockKey], [token, ttl]);
    if (reply === 1) break;
    if (reply !== 0) throw badReply('lock', key);
    // An abort ends the wait early; the loop then reports it.
    await sleep(retryMs * (1 + Math.random()), signal).catch(() => undefined);
  }
  // The record outlives the lock (a day at least), so it is still there when a lock expires unreleased.
  const recordTtl = String(Math.max(ttlMs * 10, 86_400_000));
  let previous: unknown;
  try {
    previous = await runScript(
      client,
      'claim the lock on',
      key,
      CLAIM_HOLDER_SCRIPT,
      [holderKey],
      [token, recordTtl],
    );
  } catch (error) {
    await runScript(client, 'release the lock on', key, RELEASE_SCRIPT, [lockKey], [token]).catch(
      () => undefined,
    );
    throw error;
  }
  const heartbeat = setInterval(
    () => {
      runScript(client, 'extend the lock on', key, EXTEND_SCRIPT, [lockKey], [token, ttl]).then(
        // 0: the lock expired and someone else may hold it now; stop touching it.
        (extended) => {
          if (extended === 0) clearInterval(heartbeat);
        },
        () => undefined, // a blip: the next beat tries again before the lock expires
      );
    },
    Math.max(10, Math.floor(ttlMs / 3)),
  );
  (heartbeat as { unref?: () => void }).unref?.();
  let released = false;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    // The record first: a holder that dies between the two leaves a lock that expires, not a takeover.
    await runScript(client, 'release the lock on', key, CLEAR_HOLDER_SCRIPT, [holderKey], [token]);
    await runScript(client, 'release the lock on', key, RELEASE_SCRIPT, [lockKey], [token]);
  };
  // A previous holder that never cleared its record let the lock expire under it: it may have a refresh in flight.
  if (typeof previous !== 'number') return release;
  return Object.assign(release, { takenOver: true, heldByPreviousMs: previous });
}

function randomToken(): string {
  let hex = '';
  for (const byte of globalThis.crypto.getRandomValues(new Uint8Array(16))) {
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}
