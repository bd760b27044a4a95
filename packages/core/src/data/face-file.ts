/**
 * Reading one face image: decode with sharp, read the faceforge metadata embedded in a PNG text
 * chunk (written by extraction: landmarks in the file's pixel frame, masks, source...), centre-crop
 * to the coverage and resize to the processing size.
 */
import sharp from 'sharp';
import type { Image, Point } from './image.js';
import { DataError } from '../util/errors.js';

/** The PNG text-chunk keyword that holds faceforge's face metadata (JSON). */
export const FACE_METADATA_KEYWORD = 'faceforge';

export interface DecodedFace {
  image: Image;
  landmarks?: Point[];
  metadata?: Record<string, unknown>;
}

function parseLandmarks(value: unknown): Point[] | undefined {
  if (!Array.isArray(value) || value.length !== 68) return undefined;
  const points = value.map((p) => (Array.isArray(p) && p.length >= 2 ? [Number(p[0]), Number(p[1])] : [NaN, NaN]) as Point);
  return points.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y)) ? points : undefined;
}

/**
 * Loads `path` as an RGB face of `size`×`size`, keeping the central `coverage` fraction.
 * Throws a DataError naming the file when it can't be decoded.
 */
export async function readFaceFile(path: string, size: number, coverage = 1): Promise<DecodedFace> {
  let info: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    info = await sharp(path).metadata();
  } catch (error) {
    throw new DataError(`${path}: not a readable image (${(error as Error).message})`);
  }
  const width = info.width ?? 0;
  const height = info.height ?? 0;
  if (width < 8 || height < 8) throw new DataError(`${path}: image too small (${width}x${height})`);

  let metadata: Record<string, unknown> | undefined;
  const chunk = info.comments?.find((c: { keyword: string; text: string }) => c.keyword === FACE_METADATA_KEYWORD);
  if (chunk) {
    try {
      metadata = JSON.parse(chunk.text) as Record<string, unknown>;
    } catch {
      throw new DataError(`${path}: the '${FACE_METADATA_KEYWORD}' metadata chunk is not valid JSON`);
    }
  }

  // Square centre crop of the coverage fraction of the shorter side.
  const side = Math.max(1, Math.round(Math.min(width, height) * coverage));
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  let raw: Buffer;
  try {
    raw = await sharp(path, { failOn: 'error' })
      .extract({ left, top, width: side, height: side })
      .resize(size, size, { kernel: side > size ? 'lanczos3' : 'cubic', fastShrinkOnLoad: false })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer();
  } catch (error) {
    throw new DataError(`${path}: cannot decode the image (${(error as Error).message})`);
  }
  if (raw.length !== size * size * 3) throw new DataError(`${path}: unexpected channel layout after decoding`);
  const data = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) data[i] = raw[i]! / 255;

  const scale = size / side;
  const landmarks = parseLandmarks(metadata?.landmarks)?.map(([x, y]) => [(x - left) * scale, (y - top) * scale] as Point);
  return { image: { width: size, height: size, channels: 3, data }, landmarks, metadata };
}
