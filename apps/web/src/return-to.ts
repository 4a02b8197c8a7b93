/** Where a sign-in lands when it was not asked to go anywhere else (or was asked to go somewhere unsafe). */
export const DEFAULT_RETURN_TO = '/profile';

/** Pages a sign-in never returns to: the sign-in machinery itself. */
const NOT_A_DESTINATION = new Set(['/signin', '/callback', '/signout', '/signed-out']);

/**
 * Printable ASCII only (no space, no tab or newline: the URL parser drops tabs and newlines, so
 * `/<tab>/evil.example` would become `//evil.example`), no backslash anywhere (browsers read `\` as `/`),
 * and one leading slash not followed by another.
 */
const SHAPE = /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/;
/** Encoded slashes, backslashes and control characters: a later decoding step could turn them into a host. */
const ENCODED_TRICK = /%(?:2f|5c|[01][0-9a-f]|7f)/i;
/** A `.` or `..` path segment, plain or percent-encoded: `/.//evil.example` resolves to `//evil.example`. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$|\?|#)/i;

/**
 * Checks a return-to value (`/signin?return_to=...`) and gives back the same-origin path to go to after
 * sign-in, or `undefined` when it is missing or not a plain path of this app: absolute URLs
 * (`https://evil.example`), scheme-relative ones (`//evil.example`, `/\evil.example`), anything with
 * whitespace, control characters, backslashes, encoded slashes or dot segments, and the sign-in pages
 * themselves. The result is the path and query as parsed against `origin` (the fragment is dropped), and
 * is checked again after parsing, so it can only ever name a page on `origin`.
 *
 * @example
 * ```ts
 * safeReturnTo('/rooms?page=2', 'https://app.example.com'); // '/rooms?page=2'
 * safeReturnTo('//evil.example', 'https://app.example.com'); // undefined
 * ```
 */
export function safeReturnTo(value: unknown, origin: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024) return undefined;
  if (!SHAPE.test(value) || ENCODED_TRICK.test(value) || DOT_SEGMENT.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return undefined;
  }
  const path = url.pathname + url.search;
  if (url.origin !== new URL(origin).origin || !SHAPE.test(path) || NOT_A_DESTINATION.has(url.pathname))
    return undefined;
  return path;
}

/**
 * The link that starts a sign-in and comes back to `path` afterwards (`/signin` alone for the default).
 *
 * @example
 * ```ts
 * signInLink('/rooms'); // '/signin?return_to=%2Frooms'
 * ```
 */
export function signInLink(path: string | undefined): string {
  return path === undefined || path === DEFAULT_RETURN_TO
    ? '/signin'
    : `/signin?${new URLSearchParams({ return_to: path })}`;
}
