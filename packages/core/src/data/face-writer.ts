/**
 * Writing extracted faces and updating their metadata in place. Both are atomic (temp + rename):
 * an interrupted write leaves the old face or the new one, never a broken file.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { RgbPixels } from '../image/rgb-pixels.js';
import { writeFileAtomic } from '../io/atomic.js';
import { DataError } from '../util/errors.js';
import { FACE_METADATA_KEYWORD } from './face-file.js';
import { faceMetadataText, isFaceMetadata, type FaceMetadata } from './face-metadata.js';
import { readPngText, writePngText } from './png-text.js';

/**
 * zlib level 3, as faceswap's and our convert's PNG writers: on 512 px faces it encodes in two
 * thirds of level 6's time for a file about 1% larger (the writer threads share the nets' 2 cores).
 */
const FACE_PNG_COMPRESSION = 3;

/** Encodes `pixels` as PNG with `metadata` embedded and writes it atomically to `path`. */
export async function writeFaceFile(path: string, pixels: RgbPixels, metadata: FaceMetadata): Promise<void> {
  const png = await sharp(Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength), {
    raw: { width: pixels.width, height: pixels.height, channels: 3 },
  })
    .png({ compressionLevel: FACE_PNG_COMPRESSION })
    .toBuffer();
  await writeFileAtomic(path, writePngText(png, FACE_METADATA_KEYWORD, faceMetadataText(metadata), path));
}

/** The face metadata of a PNG face file, or undefined when it has none. */
export async function readFaceMetadata(path: string): Promise<FaceMetadata | undefined> {
  const png = await readFile(path).catch((error: Error) => {
    throw new DataError(`${path}: cannot read (${error.message})`);
  });
  const text = readPngText(png, FACE_METADATA_KEYWORD, path);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DataError(`${path}: the '${FACE_METADATA_KEYWORD}' metadata chunk is not valid JSON`);
  }
  return isFaceMetadata(value) ? value : undefined;
}

/**
 * Rewrites the metadata of an extracted face (e.g. to add a mask) without touching its pixels.
 * `update` gets the current metadata and returns the new one.
 */
export async function updateFaceMetadata(path: string, update: (metadata: FaceMetadata) => FaceMetadata | Promise<FaceMetadata>): Promise<FaceMetadata> {
  const png = await readFile(path).catch((error: Error) => {
    throw new DataError(`${path}: cannot read (${error.message})`);
  });
  const text = readPngText(png, FACE_METADATA_KEYWORD, path);
  let current: unknown;
  try {
    current = text === undefined ? undefined : JSON.parse(text);
  } catch {
    throw new DataError(`${path}: the '${FACE_METADATA_KEYWORD}' metadata chunk is not valid JSON`);
  }
  if (!isFaceMetadata(current)) throw new DataError(`${path}: not an extracted face (no faceforge face metadata); run \`faceforge extract\` first`);
  const next = await update(current);
  await writeFileAtomic(path, writePngText(png, FACE_METADATA_KEYWORD, faceMetadataText(next), path));
  return next;
}
