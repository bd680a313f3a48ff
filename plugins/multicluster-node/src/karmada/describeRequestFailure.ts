/**
 * A connection-level failure (timeout, refused, TLS) in one line, with the
 * system error code when there is one. Never includes request headers.
 */
export function describeRequestFailure(
  error: unknown,
  timeoutMs?: number,
): string {
  const err = error as {
    name?: string;
    code?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return timeoutMs ? `no answer within ${timeoutMs} ms` : 'no answer in time';
  }
  const code = err?.code ?? err?.cause?.code;
  const message = err?.cause?.message ?? err?.message ?? String(error);
  return code ? `${code}: ${message}` : message;
}
