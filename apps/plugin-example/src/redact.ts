const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Makes `target` print as `<label> [redacted]` in `util.inspect`, `JSON.stringify` and `String()`. */
export function redact<T extends object>(target: T, label: string): T {
  const text = `${label} [redacted]`;
  for (const key of [INSPECT, 'toJSON', 'toString']) {
    Object.defineProperty(target, key, { value: () => text, enumerable: false });
  }
  return target;
}
