/**
 * Gzip bombs for tests and the archive-bomb bench: a tar of files of zeros, gzipped, built without
 * ever holding (or even computing) the uncompressed bytes. A block of zeros is deflated once, with a
 * full flush so that it stands alone, and repeated; the gzip trailer's CRC-32 is carried over each
 * run of zeros with zlib's crc32_combine arithmetic (a 32x32 matrix over GF(2)) instead of being
 * computed over gigabytes. 3 GiB of zeros come to about 3 MB, built in milliseconds.
 */
import { crc32, deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { Header } from 'tar';

const BLOCK = 512;
const ZERO_RUN = 1024 * 1024;
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);

export interface BombEntry {
  path: string;
  /** Bytes of zeros; a multiple of 512. */
  size: number;
}

/** A 32x32 matrix over GF(2), one column per bit, times a vector. */
function gf2Times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0; vector !== 0; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i]!;
  return sum >>> 0;
}

function gf2Square(matrix: Uint32Array): Uint32Array {
  return Uint32Array.from(matrix, (column) => gf2Times(matrix, column));
}

/** What appending `bytes` zero bytes does to a CRC-32 register (zlib's crc32_combine, with crc2 = 0). */
function zerosOperator(bytes: number): Uint32Array {
  // one zero bit: the CRC polynomial's shift
  let power: Uint32Array = Uint32Array.from({ length: 32 }, (_, i) => (i === 0 ? 0xedb88320 : 2 ** (i - 1)));
  for (let i = 0; i < 3; i++) power = gf2Square(power); // one zero byte
  let result: Uint32Array = Uint32Array.from({ length: 32 }, (_, i) => 2 ** i); // identity
  for (let n = bytes; n > 0; n = Math.floor(n / 2), power = gf2Square(power)) {
    if (n % 2) result = Uint32Array.from(result, (column) => gf2Times(power, column));
  }
  return result;
}

/** Deflated bytes that stand alone (byte-aligned, dictionary reset): they may be repeated and joined. */
function standalone(data: Buffer): Buffer {
  return deflateRawSync(data, { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH });
}

/** A gzip member holding a tar of `entries` (each all zeros) and the two end blocks. */
export function gzipBomb(entries: BombEntry[]): Buffer {
  const zeroRun = Buffer.alloc(ZERO_RUN);
  const deflatedRun = standalone(zeroRun);
  const runOperator = zerosOperator(ZERO_RUN);
  // crc32(A ++ zeros) = zeros(crc32(A)) xor crc32(zeros)
  const runCrc = crc32(zeroRun);
  const parts: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let length = 0;
  const add = (data: Buffer, deflated: Buffer) => {
    parts.push(deflated);
    crc = data === zeroRun ? (gf2Times(runOperator, crc) ^ runCrc) >>> 0 : crc32(data, crc);
    length += data.length;
  };
  for (const entry of entries) {
    if (entry.size % BLOCK !== 0) throw new Error(`gzipBomb: ${entry.path}: size ${entry.size} is not a multiple of ${BLOCK}`);
    const header = Buffer.alloc(BLOCK);
    new Header({ path: entry.path, type: 'File', mode: 0o644, size: entry.size, mtime: new Date(0) }).encode(header, 0);
    add(header, standalone(header));
    let left = entry.size;
    for (; left >= ZERO_RUN; left -= ZERO_RUN) add(zeroRun, deflatedRun);
    if (left > 0) add(zeroRun.subarray(0, left), standalone(zeroRun.subarray(0, left)));
  }
  const end = Buffer.alloc(2 * BLOCK);
  add(end, standalone(end));
  parts.push(deflateRawSync(Buffer.alloc(0))); // the final, empty block
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  parts.push(trailer);
  return Buffer.concat(parts);
}
