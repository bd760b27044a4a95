/**
 * Inflates a gzip file that must be exactly one gzip member, streaming: the header is parsed here,
 * the deflate data goes through zlib's raw inflate (in zlib's thread pool, a chunk at a time, with
 * backpressure), and the trailer's CRC-32 and length are checked here. Node's own gunzip would
 * quietly inflate a second member, or skip zero bytes, after the first: an archive with anything
 * after its member is refused, so what is stored is exactly what was checked.
 */
import { createInflateRaw, crc32, type InflateRaw } from 'node:zlib';
import { PackError } from '../util/errors.js';

const ID1 = 0x1f;
const ID2 = 0x8b;
const DEFLATE = 8;
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED_FLAGS = 0xe0;
const FIXED_HEADER = 10;
const TRAILER = 8;
/** A header with a longer name, comment or extra field than this is not one a packer wrote. */
const MAX_HEADER = 64 * 1024;
const OUTPUT_CHUNK = 64 * 1024;

function unreadable(source: string, why: string): PackError {
  return new PackError(`${source}: not a readable tar.gz (${why}): the file is truncated or corrupt; download it again`);
}

/** Length of the gzip header at the start of `bytes`, or undefined while more bytes are needed. */
function headerLength(bytes: Buffer, source: string): number | undefined {
  if (bytes.length >= 1 && bytes[0] !== ID1) throw unreadable(source, 'incorrect header check');
  if (bytes.length >= 2 && bytes[1] !== ID2) throw unreadable(source, 'incorrect header check');
  if (bytes.length < FIXED_HEADER) return undefined;
  if (bytes[2] !== DEFLATE) throw unreadable(source, `unknown compression method ${bytes[2]}`);
  const flags = bytes[3]!;
  if (flags & RESERVED_FLAGS) throw unreadable(source, 'reserved gzip header flags set');
  let at = FIXED_HEADER;
  if (flags & FEXTRA) {
    if (bytes.length < at + 2) return undefined;
    at += 2 + bytes.readUInt16LE(at);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const end = bytes.indexOf(0, at);
    if (end < 0) return undefined;
    at = end + 1;
  }
  if (flags & FHCRC) at += 2;
  return bytes.length >= at ? at : undefined;
}

/** Resolves when `stream` takes more input, or can never take any (ended, closed, failed). */
function roomFor(stream: InflateRaw): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed) return resolve();
    const done = () => {
      for (const event of ['drain', 'end', 'close', 'error']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'end', 'close', 'error']) stream.on(event, done);
  });
}

/**
 * The inflated bytes of `input`, a chunk at a time. Throws a PackError naming `source` for a bad
 * header, corrupt or truncated data, a CRC or length mismatch, and any byte after the member.
 * A consumer that stops early (a limit passed) stops the reading too.
 */
export async function* inflateGzipMember(input: AsyncIterable<Uint8Array>, source: string): AsyncGenerator<Buffer, void, undefined> {
  const inflate = createInflateRaw({ chunkSize: OUTPUT_CHUNK });
  let inputBytes = 0;
  let header = -1;
  let tail: Buffer = Buffer.alloc(0);
  let inflateEnded = false;
  let stopped = false;
  inflate.once('end', () => (inflateEnded = true));

  const feeding = (async () => {
    let start: Buffer = Buffer.alloc(0);
    for await (const raw of input) {
      if (stopped || inflate.destroyed) break;
      const chunk = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      inputBytes += chunk.length;
      tail = chunk.length >= TRAILER ? chunk.subarray(chunk.length - TRAILER) : Buffer.concat([tail, chunk]).subarray(-TRAILER);
      let body = chunk;
      if (header < 0) {
        start = Buffer.concat([start, chunk]);
        const length = headerLength(start, source);
        if (length === undefined) {
          if (start.length > MAX_HEADER) throw unreadable(source, 'gzip header too long');
          continue;
        }
        header = length;
        body = start.subarray(length);
      }
      // after the deflate data ends, the rest is only counted: it must be the 8-byte trailer
      if (inflateEnded || body.length === 0) continue;
      if (!inflate.write(body)) await roomFor(inflate);
    }
    if (stopped || inflate.destroyed) return;
    if (header < 0) throw unreadable(source, inputBytes === 0 ? 'empty file' : 'incomplete gzip header');
    inflate.end();
  })();
  feeding.catch((error: unknown) => inflate.destroy(error as Error));

  let outputBytes = 0;
  let crc = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      outputBytes += chunk.length;
      crc = crc32(chunk, crc);
      yield chunk;
    }
    await feeding;
  } catch (error) {
    if (error instanceof PackError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('Z_')) throw unreadable(source, (error as Error).message);
    throw error;
  } finally {
    stopped = true;
    if (!inflateEnded) inflate.destroy();
  }

  const expected = header + inflate.bytesWritten + TRAILER;
  if (inputBytes < expected) throw unreadable(source, 'the gzip trailer is missing');
  if (inputBytes > expected) {
    throw new PackError(`${source}: ${inputBytes - expected} bytes follow the gzip data (a second gzip member or trailing bytes): a pack archive is one gzip member; refused`);
  }
  if (tail.readUInt32LE(0) !== crc >>> 0 || tail.readUInt32LE(4) !== outputBytes % 2 ** 32) throw unreadable(source, 'gzip checksum mismatch');
}
