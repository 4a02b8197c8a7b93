import { AuthError, type AuthStrategy, type Credentials } from '@ds/auth-core';
import { findLeaks } from './render.js';
import { nextMacrotask, settle } from './settle.js';
import type { ConformanceCheck, ConformanceFinding, StrategyConformanceOptions } from './types.js';

/**
 * Every check, in the order `runStrategyConformance` registers them, with its test title.
 *
 * @example
 * ```ts
 * await checkStrategy(options, ['aborted-signal', 'no-leaks']); // run two of Object.keys(CONFORMANCE_CHECKS)
 * ```
 */
export const CONFORMANCE_CHECKS: Readonly<Record<ConformanceCheck, string>> = Object.freeze({
  shape: 'has the AuthStrategy shape',
  credentials: 'authenticate() resolves legal, frozen, self-redacting credentials',
  concurrency: 'concurrent authenticate() calls all resolve',
  'aborted-signal': 'an already-aborted signal rejects with its reason',
  'abort-while-pending': 'aborting while authenticate() is pending rejects the waiter with the reason',
  invalidate: 'invalidate() (when present) leads to fresh credentials, and a stale one keeps the current',
  errors: 'expected failures throw AuthError with an ERR_ code',
  'no-leaks': 'no secret appears in the strategy, its credentials or its errors',
});

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

interface Context {
  readonly options: StrategyConformanceOptions;
  readonly secrets: readonly string[];
  readonly ms: number;
  readonly report: (message: string) => void;
}

type Check = (context: Context) => Promise<void>;

function describeError(error: unknown): string {
  if (AuthError.isInstance(error)) return `${error.name} ${error.code}`;
  if (error instanceof Error) return error.name;
  return typeof error;
}

async function createStrategy(context: Context): Promise<AuthStrategy | undefined> {
  const created = await settle(() => context.options.create(), context.ms);
  if (created.state === 'fulfilled') return created.value;
  context.report(
    created.state === 'hung' ? 'create() hung' : `create() failed: ${describeError(created.reason)}`,
  );
  return undefined;
}

async function authenticate(
  context: Context,
  strategy: AuthStrategy,
  what: string,
): Promise<Credentials | undefined> {
  const result = await settle(() => strategy.authenticate(), context.ms);
  if (result.state === 'fulfilled') return result.value;
  context.report(
    result.state === 'hung' ? `${what} hung` : `${what} rejected: ${describeError(result.reason)}`,
  );
  return undefined;
}

function sameHeaders(a: Credentials, b: Credentials): boolean {
  const keys = Object.keys(a.headers);
  return (
    keys.length === Object.keys(b.headers).length && keys.every((key) => a.headers[key] === b.headers[key])
  );
}

const shape: Check = async (context) => {
  const strategy = await createStrategy(context);
  if (!strategy) return;
  if (typeof strategy !== 'object' || strategy === null)
    return context.report('create() did not return an object');
  if (typeof strategy.kind !== 'string' || strategy.kind === '')
    context.report('"kind" must be a non-empty string');
  if (typeof strategy.authenticate !== 'function') context.report('"authenticate" must be a function');
  for (const name of ['invalidate', 'revoke'] as const) {
    if (strategy[name] !== undefined && typeof strategy[name] !== 'function') {
      context.report(`"${name}" must be a function when present`);
    }
  }
};

/**
 * The problems of one credentials object (an empty array when it is fine): scheme, header names and
 * values, `expiresAt`, `generation`, frozen-ness, and header values showing in logs. Never throws.
 *
 * @example
 * ```ts
 * credentialProblems(await strategy.authenticate(), 'Bearer'); // []
 * ```
 */
export function credentialProblems(credentials: unknown, scheme?: string): string[] {
  const problems: string[] = [];
  if (typeof credentials !== 'object' || credentials === null) return ['credentials must be an object'];
  const { scheme: actual, headers, expiresAt, generation } = credentials as Credentials;
  if (typeof actual !== 'string' || actual === '') problems.push('"scheme" must be a non-empty string');
  else if (scheme !== undefined && actual !== scheme)
    problems.push(`"scheme" must be "${scheme}" (got "${actual}")`);
  if (typeof headers !== 'object' || headers === null) return [...problems, '"headers" must be an object'];
  const entries = Object.entries(headers);
  if (entries.length === 0) problems.push('"headers" must hold at least one header');
  for (const [name, value] of entries) {
    if (!HEADER_NAME.test(name)) problems.push(`header "${name}" must be a lower-case RFC 9110 field name`);
    if (typeof value !== 'string') {
      problems.push(`header "${name}" must be a string`);
      continue;
    }
    // CR/LF and other controls enable header injection; non-latin-1 cannot be sent at all.
    if (/[\u0000-\u0008\u000a-\u001f\u007f]|[^\u0000-\u00ff]/.test(value) || value !== value.trim()) {
      problems.push(`header "${name}" is not a legal header value`);
    }
  }
  const authorization = (headers as Record<string, unknown>).authorization;
  if (
    typeof authorization === 'string' &&
    typeof actual === 'string' &&
    !authorization.startsWith(`${actual} `)
  ) {
    problems.push(`"authorization" must start with the scheme "${actual}" and one space`);
  }
  if (expiresAt !== undefined && !Number.isFinite(expiresAt))
    problems.push('"expiresAt" must be a finite number');
  if (generation !== undefined && !Number.isSafeInteger(generation))
    problems.push('"generation" must be an integer');
  if (!Object.isFrozen(credentials) || !Object.isFrozen(headers)) {
    problems.push('credentials and their headers must be frozen, so one caller cannot change them for all');
  }
  const values = entries.map(([, value]) => String(value)).filter((value) => value.length >= 8);
  for (const leak of findLeaks(credentials, 'credentials', values)) {
    problems.push(`${leak.replace('secret', 'header value')}: build credentials that redact themselves`);
  }
  return problems;
}

const credentials: Check = async (context) => {
  const strategy = await createStrategy(context);
  if (!strategy) return;
  const first = await authenticate(context, strategy, 'authenticate()');
  if (first) for (const problem of credentialProblems(first, context.options.scheme)) context.report(problem);
};

const concurrency: Check = async (context) => {
  const strategy = await createStrategy(context);
  if (!strategy) return;
  const all = await settle(() => Promise.all([1, 2, 3].map(() => strategy.authenticate())), context.ms);
  if (all.state === 'hung') context.report('three concurrent authenticate() calls hung');
  if (all.state === 'rejected')
    context.report(`a concurrent authenticate() rejected: ${describeError(all.reason)}`);
};

const abortedSignal: Check = async (context) => {
  const strategy = await createStrategy(context);
  if (!strategy) return;
  const reason = new Error('conformance: aborted before the call');
  const result = await settle(() => strategy.authenticate({ signal: AbortSignal.abort(reason) }), context.ms);
  if (result.state === 'hung') context.report('authenticate() with an aborted signal hung');
  if (result.state === 'fulfilled') context.report('authenticate() with an aborted signal resolved');
  if (result.state === 'rejected' && result.reason !== reason) {
    context.report(
      `authenticate() with an aborted signal rejected with ${describeError(result.reason)}, not the reason`,
    );
  }
};

const abortWhilePending: Check = async (context) => {
  if (!context.options.createPending) return;
  const created = await settle(() => context.options.createPending!(), context.ms);
  if (created.state !== 'fulfilled') return context.report('createPending() failed or hung');
  const controller = new AbortController();
  let settledEarly = false;
  const pending = Promise.resolve()
    .then(() => created.value.authenticate({ signal: controller.signal }))
    .finally(() => {
      settledEarly = !controller.signal.aborted;
    });
  pending.catch(() => {});
  await nextMacrotask();
  const reason = new Error('conformance: aborted while pending');
  controller.abort(reason);
  const result = await settle(() => pending, context.ms);
  if (settledEarly) return context.report("createPending()'s authenticate() settled before the abort");
  if (result.state === 'hung') context.report('authenticate() kept pending after its signal aborted');
  if (result.state === 'fulfilled') context.report('authenticate() resolved after its signal aborted');
  if (result.state === 'rejected' && result.reason !== reason) {
    context.report(`aborted authenticate() rejected with ${describeError(result.reason)}, not the reason`);
  }
};

const invalidate: Check = async (context) => {
  const strategy = await createStrategy(context);
  if (!strategy || typeof strategy.invalidate !== 'function') return;
  const first = await authenticate(context, strategy, 'authenticate()');
  if (!first) return;
  const invalidated = await settle(() => strategy.invalidate!(first), context.ms);
  if (invalidated.state !== 'fulfilled') return context.report(`invalidate() ${invalidated.state}`);
  const second = await authenticate(context, strategy, 'authenticate() after invalidate()');
  if (!second) return;
  const generations = first.generation !== undefined && second.generation !== undefined;
  if (generations ? first.generation === second.generation : sameHeaders(first, second)) {
    return context.report(
      'authenticate() after invalidate() returned the same credentials (same generation or headers)',
    );
  }
  if (!generations) return;
  // A late 401 for an older generation must not throw away the credentials that replaced it.
  await settle(() => strategy.invalidate!(first), context.ms);
  const third = await authenticate(context, strategy, 'authenticate() after a stale invalidate()');
  if (third && third.generation !== second.generation) {
    context.report('invalidate() of an older generation discarded the current credentials');
  }
};

const errors: Check = async (context) => {
  for (const [label, run] of Object.entries(context.options.expectedErrors ?? {})) {
    const result = await settle(run, context.ms);
    if (result.state !== 'rejected') {
      context.report(`"${label}" ${result.state === 'hung' ? 'hung' : 'did not throw'}`);
      continue;
    }
    const error = result.reason;
    if (!AuthError.isInstance(error)) {
      context.report(`"${label}" threw ${describeError(error)}, which is not an AuthError`);
    } else if (!/^ERR_[A-Z0-9_]+$/.test(error.code)) {
      context.report(`"${label}" threw an AuthError whose code is not ERR_*`);
    } else if (typeof error.message !== 'string' || error.message === '') {
      context.report(`"${label}" threw an AuthError without a message`);
    }
  }
};

const noLeaks: Check = async (context) => {
  if (context.secrets.length === 0) return context.report('"secrets" is empty, so a leak could not be seen');
  const targets: Array<[string, unknown]> = [];
  const strategy = await createStrategy(context);
  if (strategy) {
    targets.push(['strategy', strategy]);
    const first = await authenticate(context, strategy, 'authenticate()');
    if (first) targets.push(['credentials', first]);
    if (first && typeof strategy.invalidate === 'function') {
      await settle(() => strategy.invalidate!(first), context.ms);
      const second = await settle(() => strategy.authenticate(), context.ms);
      targets.push([
        `authenticate() after invalidate() ${second.state}`,
        second.state === 'fulfilled' ? second.value : second.state === 'rejected' ? second.reason : undefined,
      ]);
    }
    targets.push(['strategy after use', strategy]);
  }
  for (const [label, run] of Object.entries(context.options.expectedErrors ?? {})) {
    const result = await settle(run, context.ms);
    if (result.state === 'rejected') targets.push([`error of "${label}"`, result.reason]);
  }
  for (const [label, target] of targets) {
    for (const leak of findLeaks(target, label, context.secrets)) context.report(leak);
  }
};

const CHECKS: Readonly<Record<ConformanceCheck, Check>> = {
  shape,
  credentials,
  concurrency,
  'aborted-signal': abortedSignal,
  'abort-while-pending': abortWhilePending,
  invalidate,
  errors,
  'no-leaks': noLeaks,
};

async function resolveSecrets(options: StrategyConformanceOptions): Promise<readonly string[]> {
  const secrets = typeof options.secrets === 'function' ? await options.secrets() : options.secrets;
  if (!Array.isArray(secrets) || secrets.some((secret) => typeof secret !== 'string' || secret.length < 4)) {
    throw new TypeError('"secrets" must be strings of at least 4 characters each');
  }
  return secrets;
}

/**
 * Runs conformance checks as plain functions and returns what they found (an empty array means the
 * strategy conforms). `setup` and `teardown` wrap each check. Throws `TypeError` only for bad `secrets`.
 *
 * @example
 * ```ts
 * const findings = await checkStrategy({ name: 'mine', create: () => createMyAuth(options), secrets: [key] });
 * expect(findings).toEqual([]);
 * ```
 */
export async function checkStrategy(
  options: StrategyConformanceOptions,
  checks: readonly ConformanceCheck[] = Object.keys(CONFORMANCE_CHECKS) as ConformanceCheck[],
): Promise<ConformanceFinding[]> {
  const findings: ConformanceFinding[] = [];
  for (const check of checks) {
    await options.setup?.();
    try {
      const secrets = await resolveSecrets(options);
      const report = (message: string): void => void findings.push({ check, message });
      await CHECKS[check]({ options, secrets, ms: options.stepTimeoutMs ?? 5000, report });
    } finally {
      await options.teardown?.();
    }
  }
  return findings;
}
