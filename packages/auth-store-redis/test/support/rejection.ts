/** The error `promise` rejects with; throws if it resolves, so a test cannot pass by accident. */
export function rejection<E = Error & { code: string; retryable: boolean }>(
  promise: Promise<unknown>,
): Promise<E> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as E,
  );
}
