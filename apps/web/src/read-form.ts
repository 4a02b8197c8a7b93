import type { IncomingMessage } from 'node:http';

/**
 * Reads an `application/x-www-form-urlencoded` request body of at most `limitBytes` (default 8 KiB).
 * Another content type, or a longer body, gives an empty form (the caller then refuses the request).
 *
 * @example
 * ```ts
 * const form = await readForm(request);
 * form.get('csrf');
 * ```
 */
export async function readForm(request: IncomingMessage, limitBytes = 8192): Promise<URLSearchParams> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) return new URLSearchParams();
    chunks.push(chunk);
  }
  if (type !== 'application/x-www-form-urlencoded') return new URLSearchParams();
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
