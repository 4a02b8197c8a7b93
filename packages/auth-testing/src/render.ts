type Inspect = (value: unknown, options?: object) => string;

// util.inspect is Node-only; the kit also loads in browsers, where this rendering is skipped.
const inspect: Inspect | undefined = (() => {
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const util = processLike?.getBuiltinModule?.('node:util') as { inspect?: Inspect } | undefined;
  return util?.inspect;
})();

/** A label and the text one way of printing a value produced. */
export interface Rendering {
  readonly how: string;
  readonly text: string;
}

function attempt(how: string, render: () => unknown): Rendering[] {
  try {
    const text = render();
    return typeof text === 'string' ? [{ how, text }] : [];
  } catch (error) {
    return [{ how: `${how} (threw)`, text: error instanceof Error ? `${error.name}: ${error.message}` : '' }];
  }
}

/**
 * Every way a value commonly ends up in a log: `String()`, `JSON.stringify`, `util.inspect` (deep),
 * and for errors their message, stack and whole `cause` chain (and `AggregateError.errors`).
 */
export function renderings(value: unknown, label: string, seen: Set<unknown> = new Set()): Rendering[] {
  if (seen.has(value)) return [];
  seen.add(value);
  const result: Rendering[] = [
    ...attempt(`String(${label})`, () => String(value)),
    ...attempt(`JSON.stringify(${label})`, () => JSON.stringify(value)),
  ];
  if (inspect) {
    result.push(...attempt(`util.inspect(${label})`, () => inspect(value, { depth: 10, getters: false })));
  }
  if (value instanceof Error) {
    result.push({ how: `${label}.message`, text: value.message });
    if (typeof value.stack === 'string') result.push({ how: `${label}.stack`, text: value.stack });
    if (value.cause !== undefined) result.push(...renderings(value.cause, `${label}.cause`, seen));
    if (value instanceof AggregateError) {
      value.errors.forEach((inner: unknown, index: number) => {
        result.push(...renderings(inner, `${label}.errors[${index}]`, seen));
      });
    }
  }
  return result;
}

/**
 * Where any of `secrets` shows up when `value` is printed (`String`, `JSON.stringify`, `util.inspect`,
 * and an error's message, stack and cause chain), described by secret number, never by the secret.
 *
 * @example
 * ```ts
 * findLeaks(error, 'error', [password]); // ['error.cause.message contains secret #1']
 * ```
 */
export function findLeaks(value: unknown, label: string, secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const { how, text } of renderings(value, label)) {
    secrets.forEach((secret, index) => {
      if (text.includes(secret)) leaks.push(`${how} contains secret #${index + 1}`);
    });
  }
  return leaks;
}
