/**
 * PNG text chunks, read and written on the encoded bytes so the pixels are never re-encoded.
 * faceforge keeps a face's metadata in one `tEXt` chunk placed before the first IDAT: libvips
 * (sharp) only reports text chunks that come before the image data.
 */
import { DataError } from '../util/errors.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Chunk {
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  /** Offset just past its CRC. */
  end: number;
  data: Buffer;
}

function* chunks(png: Buffer, source: string): Generator<Chunk> {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new DataError(`${source}: not a PNG file`);
  let at = 8;
  while (at + 12 <= png.length) {
    const length = png.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > png.length) throw new DataError(`${source}: truncated PNG (chunk at byte ${at} runs past the end)`);
    yield { type: png.toString('latin1', at + 4, at + 8), start: at, end, data: png.subarray(at + 8, at + 8 + length) };
    at = end;
  }
}

function textChunk(keyword: string, text: string): Buffer {
  const body = Buffer.concat([Buffer.from('tEXt', 'latin1'), Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
  const chunk = Buffer.alloc(body.length + 8);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), chunk.length - 4);
  return chunk;
}

/** The text of the `tEXt` chunk named `keyword`, or undefined. */
export function readPngText(png: Buffer, keyword: string, source = 'PNG'): string | undefined {
  for (const chunk of chunks(png, source)) {
    if (chunk.type === 'IDAT') return undefined;
    if (chunk.type !== 'tEXt') continue;
    const zero = chunk.data.indexOf(0);
    if (zero >= 0 && chunk.data.toString('latin1', 0, zero) === keyword) return chunk.data.toString('latin1', zero + 1);
  }
  return undefined;
}

/**
 * `png` with exactly one `tEXt` chunk `keyword` holding `text` (latin1), placed before the first
 * IDAT; any earlier chunk with that keyword is dropped. Other chunks and the pixels are untouched.
 */
export function writePngText(png: Buffer, keyword: string, text: string, source = 'PNG'): Buffer {
  const parts: Buffer[] = [SIGNATURE];
  let inserted = false;
  for (const chunk of chunks(png, source)) {
    if (chunk.type === 'tEXt') {
      const zero = chunk.data.indexOf(0);
      if (zero >= 0 && chunk.data.toString('latin1', 0, zero) === keyword) continue;
    }
    if (chunk.type === 'IDAT' && !inserted) {
      parts.push(textChunk(keyword, text));
      inserted = true;
    }
    parts.push(png.subarray(chunk.start, chunk.end));
  }
  if (!inserted) throw new DataError(`${source}: PNG has no image data (IDAT)`);
  return Buffer.concat(parts);
}
