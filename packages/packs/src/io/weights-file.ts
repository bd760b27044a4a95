/**
 * The weights file of one model part (encoder.weights, decoder_a.weights, ...) and of the
 * optimizer state: a small JSON header followed by raw little-endian float32 data.
 *
 *   bytes 0..7   magic "FFWEIGHT"
 *   bytes 8..11  header length (uint32 LE)
 *   header       JSON: { format, version, meta, tensors: [{name, shape, dtype, offset, length}], sha256 }
 *   padding      to a multiple of 4 bytes
 *   data         concatenated float32 tensors
 *
 * The sha256 of the data makes a truncated or corrupted file fail loudly instead of loading garbage.
 */
import { createHash } from 'node:crypto';
import { ModelFileError } from '../util/errors.js';

const MAGIC = 'FFWEIGHT';
const VERSION = 1;

export interface TensorRecord {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface WeightsHeader {
  format: 'faceforge-weights';
  version: number;
  /** Free-form description of what the tensors are (part name, layers, topology, optimizer, ...). */
  meta: Record<string, unknown>;
  tensors: Array<{ name: string; shape: number[]; dtype: 'float32'; offset: number; length: number }>;
  sha256: string;
}

/**
 * The file as a list of byte chunks: the header, then views onto each tensor's own memory.
 * Nothing is copied, so saving an 82 M-parameter model with its optimizer state needs no second
 * copy of it in memory; write the chunks in order (commitFiles, writeTempFile accept them).
 */
export function encodeWeightsChunks(meta: Record<string, unknown>, tensors: TensorRecord[]): Uint8Array[] {
  let offset = 0;
  const hash = createHash('sha256');
  const entries = tensors.map((t) => {
    const entry = { name: t.name, shape: t.shape, dtype: 'float32' as const, offset, length: t.data.length };
    offset += t.data.length;
    return entry;
  });
  // Float32Arrays are little-endian on every platform Node runs on, which is the file's byte order.
  const views = tensors.map((t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  for (const view of views) hash.update(view);
  const header: WeightsHeader = { format: 'faceforge-weights', version: VERSION, meta, tensors: entries, sha256: hash.digest('hex') };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefixLength = 8 + 4 + headerBytes.length;
  const prefix = Buffer.alloc(prefixLength + ((4 - (prefixLength % 4)) % 4));
  prefix.write(MAGIC, 0, 'ascii');
  prefix.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(prefix, 12);
  return [prefix, ...views];
}

/** The whole file in one Buffer (small files, tests). */
export function encodeWeights(meta: Record<string, unknown>, tensors: TensorRecord[]): Buffer {
  return Buffer.concat(encodeWeightsChunks(meta, tensors));
}

export interface DecodedWeights {
  header: WeightsHeader;
  tensors: Map<string, TensorRecord>;
}

export function decodeWeights(buffer: Buffer, file: string): DecodedWeights {
  if (buffer.length < 12 || buffer.toString('ascii', 0, 8) !== MAGIC) {
    throw new ModelFileError(`${file}: not a faceforge weights file (bad magic bytes)`);
  }
  const headerLength = buffer.readUInt32LE(8);
  if (12 + headerLength > buffer.length) throw new ModelFileError(`${file}: truncated header`);
  let header: WeightsHeader;
  try {
    header = JSON.parse(buffer.toString('utf8', 12, 12 + headerLength)) as WeightsHeader;
  } catch {
    throw new ModelFileError(`${file}: corrupt header`);
  }
  if (header.format !== 'faceforge-weights' || header.version > VERSION) {
    throw new ModelFileError(`${file}: unsupported weights format ${header.format} v${header.version}`);
  }
  const prefix = 12 + headerLength;
  const start = prefix + ((4 - (prefix % 4)) % 4);
  const count = header.tensors.reduce((n, t) => n + t.length, 0);
  if (buffer.length !== start + count * 4) {
    throw new ModelFileError(`${file}: truncated or padded data (${buffer.length} bytes, expected ${start + count * 4})`);
  }
  const data = buffer.subarray(start);
  if (createHash('sha256').update(data).digest('hex') !== header.sha256) {
    throw new ModelFileError(`${file}: checksum mismatch, the file is corrupt`);
  }
  // Copy into an aligned buffer so the Float32Array views are valid whatever the Buffer's offset.
  const aligned = new Float32Array(count);
  new Uint8Array(aligned.buffer).set(data);
  const tensors = new Map<string, TensorRecord>();
  for (const t of header.tensors) {
    tensors.set(t.name, { name: t.name, shape: t.shape, data: aligned.subarray(t.offset, t.offset + t.length) });
  }
  return { header, tensors };
}
