/**
 * Reading HTTP answers with a byte limit, so that a misbehaving or hostile
 * server cannot make the backend buffer an unbounded amount of memory.
 * Works on Node streams (undici) and web streams (`fetch`) alike.
 */

/** An answer, or one line of a stream, was larger than the reader allows. */
export class ResponseTooLargeError extends Error {
  readonly limitBytes: number;

  /**
   * @param what - what was read, e.g. `GET /api/v1/pods`; never the body,
   *   never a URL that could carry credentials.
   * @param part - `answer` for a whole body, `event` for one watch line.
   */
  constructor(what: string, limitBytes: number, part: 'answer' | 'event') {
    super(
      part === 'answer'
        ? `${what}: the answer is larger than ${formatBytes(
            limitBytes,
          )}, the most this client reads; aborted`
        : `${what}: a watch event is larger than ${formatBytes(
            limitBytes,
          )}, the most this client reads; the watch was aborted`,
    );
    this.name = 'ResponseTooLargeError';
    this.limitBytes = limitBytes;
  }
}

export interface BoundedReadOptions {
  /** What is being read, for the error message. */
  what: string;
  limitBytes: number;
  /** The `content-length` header, when the server sent one. */
  declaredLength?: string | number | null;
}

/**
 * The whole body as UTF-8 text, or a {@link ResponseTooLargeError} as soon
 * as it exceeds `limitBytes` (before reading at all when the declared
 * length already does). Either way a body that is not read to its end is
 * cancelled, which closes the connection.
 */
export async function readBoundedText(
  body: AsyncIterable<Uint8Array>,
  options: BoundedReadOptions,
): Promise<string> {
  const { what, limitBytes } = options;
  const declared = Number(options.declaredLength ?? NaN);
  if (declared > limitBytes) {
    await discard(body);
    throw new ResponseTooLargeError(what, limitBytes, 'answer');
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Throwing inside for-await cancels (destroys) the stream.
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limitBytes) {
      throw new ResponseTooLargeError(what, limitBytes, 'answer');
    }
    chunks.push(chunk);
  }
  // Decoded once at the end: a character split across chunks stays whole.
  return Buffer.concat(chunks, total).toString('utf8');
}

/**
 * The lines of a long-lived stream (a watch), each without its `\n`, or a
 * {@link ResponseTooLargeError} as soon as one line exceeds `limitBytes`.
 * A last line without `\n` is a connection cut mid-event and is dropped.
 */
export async function* readBoundedLines(
  body: AsyncIterable<Uint8Array>,
  options: Omit<BoundedReadOptions, 'declaredLength'>,
): AsyncGenerator<string> {
  const { what, limitBytes } = options;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const chunk of body) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(0x0a, start);
      const end = newline < 0 ? bytes.length : newline;
      pendingBytes += end - start;
      if (pendingBytes > limitBytes) {
        throw new ResponseTooLargeError(what, limitBytes, 'event');
      }
      if (newline < 0) {
        if (end > start) pending.push(bytes.subarray(start));
        break;
      }
      pending.push(bytes.subarray(start, newline));
      const line = Buffer.concat(pending, pendingBytes).toString('utf8');
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
      yield line;
    }
  }
}

/** e.g. `64 MiB`, `512 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [2 ** 30, 'GiB'],
    [2 ** 20, 'MiB'],
    [2 ** 10, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** Closes a body that will not be read: a Node stream or a web stream. */
async function discard(body: AsyncIterable<Uint8Array>): Promise<void> {
  const stream = body as {
    destroy?: () => void;
    once?: (event: 'error', listener: () => void) => void;
    cancel?: () => Promise<void>;
  };
  if (typeof stream.destroy === 'function') {
    // undici reports the destroy as an 'error' event: expected here.
    stream.once?.('error', () => {});
    stream.destroy();
  } else if (typeof stream.cancel === 'function') {
    await stream.cancel();
  }
}
