/** Whether an HTTP status is worth retrying later (408, 425, 429, 500, 502, 503, 504). */
export function isRetryableStatus(status: number): boolean {
  return (
    status === 408 || status === 425 || status === 429 || status === 500 || (status >= 502 && status <= 504)
  );
}
