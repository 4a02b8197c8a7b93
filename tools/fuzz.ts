// Shared by the fuzz tests of every package (issue 16): any input to a public parser or factory
// gives a result or an AuthError, never another exception.
import fc from 'fast-check';

/** Runs per property in each CI run (set `FUZZ_RUNS` for a longer local hunt). */
export const FUZZ_RUNS: number = Number(process.env.FUZZ_RUNS) || 300;

const AUTH_ERROR = Symbol.for('@ds/auth-core.AuthError');

/** An AuthError of any copy of @ds/auth-core (what `AuthError.isInstance` checks). */
export function isAuthError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[AUTH_ERROR] === true
  );
}

/** Runs `run`; whatever it throws or rejects with must be an AuthError (anything else is rethrown). */
export async function resultOrAuthError(run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isAuthError(error)) throw error;
  }
}

/** Asserts {@link resultOrAuthError} for `runs` values of `arbitrary`. */
export function fuzz<T>(
  arbitrary: fc.Arbitrary<T>,
  run: (value: T) => unknown,
  runs: number = FUZZ_RUNS,
): Promise<void> {
  return fc.assert(
    fc.asyncProperty(arbitrary, (value) => resultOrAuthError(() => run(value))),
    { numRuns: runs },
  );
}

/** Anything, plus the shapes a wrong option or a hostile value often has. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.webUrl(),
  fc.integer(),
  fc.constantFrom<unknown>(
    null,
    undefined,
    0,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1e300,
    '',
    ' ',
    'http:',
    'http://[',
    'http://user:pw@127.0.0.1/x',
    'abc; admin=1',
    [],
    {},
    { toString: 0 },
    Object.create(null),
    () => undefined,
  ),
);

/** An options object whose fields are each missing or any value (or not an object at all). */
export function optionsWith(...fields: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    anyValue,
    fc.record(Object.fromEntries(fields.map((field) => [field, anyValue])), { requiredKeys: [] }),
  );
}
