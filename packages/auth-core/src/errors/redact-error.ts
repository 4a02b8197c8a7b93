/** The user name and password of any URL in a text (fetch quotes a URL with credentials in full). */
const URL_USERINFO = /(\/\/)[^\s/?#@]*@/g;

/**
 * Turns anything thrown by a transport into an error that is safe to log: its name, code and message
 * are kept, any of the given secrets is replaced by `[redacted]`, so is the user name and password
 * of any URL in the message, and the stack is dropped.
 */
export function redactError(error: unknown, secrets: readonly string[] = []): Error {
  const source = error instanceof Error ? error : new Error(safeString(error));
  let message = typeof source.message === 'string' ? source.message : safeString(source.message);
  for (const secret of secrets) {
    if (secret.length >= 4) message = message.split(secret).join('[redacted]');
  }
  message = message.replace(URL_USERINFO, '$1[redacted]@');
  const copy = new Error(message);
  copy.name = typeof source.name === 'string' ? source.name : 'Error';
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') (copy as { code?: string }).code = code;
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** `String(value)`, or a placeholder for what cannot be turned into a string (a symbol, a null-prototype object). */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
}
