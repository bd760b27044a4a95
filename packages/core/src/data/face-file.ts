/**
 * Reading one face image: decode with sharp, read the faceforge metadata embedded in a PNG text
 * chunk (written by extraction: landmarks in the file's pixel frame, pose, masks, source...), cut
 * the model's centering and coverage out of it and resize to the processing size.
 */
import sharp from 'sharp';
import type { AffineMatrix } from '../image/affine.js';
import { warpAffineCrop } from '../extract/align-face.js';
import { subCropRect, type CropRect } from '../extract/centering.js';
import type { Image, Point } from '../image/image.js';
import { decodeStoredMask, isFaceMetadata, type Centering, type FaceMetadata, type StoredMask } from './face-metadata.js';
import { DataError } from '../util/errors.js';

/** The PNG text-chunk keyword that holds faceforge's face metadata (JSON). */
export const FACE_METADATA_KEYWORD = 'faceforge';

export interface DecodedFace {
  image: Image;
  landmarks?: Point[];
  /** Masks stored with an extracted face, by name, cut and resized like the image. */
  masks: Record<string, Image>;
  metadata?: Record<string, unknown>;
}

function parseLandmarks(value: unknown): Point[] | undefined {
  if (!Array.isArray(value) || value.length !== 68) return undefined;
  // JSON numbers only: Number(null) and Number('') would pass as 0.
  const points = value.map((p) => (Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' ? [p[0], p[1]] : [NaN, NaN]) as Point);
  return points.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y)) ? points : undefined;
}

function describeBadLandmarks(value: unknown): string {
  if (value === null) return 'null';
  if (!Array.isArray(value)) return `a ${typeof value}`;
  if (value.length !== 68) return `${value.length} point(s)`;
  return '68 points with some not a pair of finite numbers';
}

/** Zero-padded square crop of an image file, resized to size×size 8-bit RGB. */
async function cropResize(path: string, width: number, height: number, rect: CropRect, size: number): Promise<Buffer> {
  const { left, top, size: side } = rect;
  const kernel = side > size ? 'lanczos3' : 'cubic';
  let input = sharp(path, { failOn: 'error' });
  let at = { left, top };
  if (left < 0 || top < 0 || left + side > width || top + side > height) {
    // Part of the crop lies outside the face image: pad it with black first (sharp extends only after resizing).
    const pad = { top: Math.max(0, -top), left: Math.max(0, -left), bottom: Math.max(0, top + side - height), right: Math.max(0, left + side - width) };
    const padded = await input.removeAlpha().toColourspace('srgb').extend({ ...pad, background: { r: 0, g: 0, b: 0 } }).raw().toBuffer({ resolveWithObject: true });
    input = sharp(padded.data, { raw: { width: padded.info.width, height: padded.info.height, channels: padded.info.channels } });
    at = { left: left + pad.left, top: top + pad.top };
  }
  return input
    .extract({ left: at.left, top: at.top, width: side, height: side })
    .resize(size, size, { kernel, fastShrinkOnLoad: false })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer();
}

/**
 * Where the face for `centering` and `coverage` lies in an extracted face (faceswap's sub-crop
 * from a head extract, §7), or undefined for a plain image (centre crop). Faces without a pose
 * can only be re-framed at their own centering: the offsets then count as zero.
 */
function extractedFaceCrop(metadata: FaceMetadata, width: number, height: number, coverage: number, centering: Centering | undefined): CropRect | undefined {
  if (width !== height) return undefined;
  const offsets = metadata.pose?.offsets ?? { legacy: [0, 0], face: [0, 0], head: [0, 0] };
  return subCropRect(width, metadata.centering, centering ?? metadata.centering, coverage, offsets);
}

/** A stored mask cut to the same crop as its face and resized to size×size. */
function cropStoredMask(stored: StoredMask, faceSide: number, rect: CropRect, size: number, source: string): Image {
  const mask = decodeStoredMask(stored, source);
  // Mask pixel j covers face coordinates (j + 0.5)·S/m around its centre; output pixel u covers
  // left + (u + 0.5)·crop/size. Equating the two gives mask → output.
  const scale = (faceSide / mask.width) * (size / rect.size);
  const offset = (v: number) => 0.5 * scale - (v * size) / rect.size - 0.5;
  const matrix: AffineMatrix = [scale, 0, offset(rect.left), 0, scale, offset(rect.top)];
  return { width: size, height: size, channels: 1, data: warpAffineCrop(mask, matrix, size, size) };
}

/**
 * Loads `path` as an RGB face of `size`×`size`. An extracted face (faceforge metadata) is cut to
 * the model's `centering` and `coverage` using its pose offsets, and its landmarks and stored
 * masks go through the same crop; any other image keeps the central `coverage` fraction.
 * `maskNames` limits which stored masks are decoded (default: all).
 * Throws a DataError naming the file when it can't be decoded.
 */
export async function readFaceFile(path: string, size: number, coverage = 1, centering?: Centering, maskNames?: readonly string[]): Promise<DecodedFace> {
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
  const extracted = isFaceMetadata(metadata) ? metadata : undefined;
  // Bad landmarks would silently train the face as an unaligned image (twice the loss): refuse it by name.
  if (metadata && 'landmarks' in metadata && !parseLandmarks(metadata.landmarks)) {
    throw new DataError(
      `${path}: its '${FACE_METADATA_KEYWORD}' metadata holds ${describeBadLandmarks(metadata.landmarks)} where 68 finite [x, y] landmarks belong; ` +
        're-extract the face (faceforge extract), or strip the metadata to use it as a plain image',
    );
  }
  if (metadata?.format === 'faceforge-face' && !extracted) {
    throw new DataError(`${path}: its '${FACE_METADATA_KEYWORD}' metadata says faceforge-face but has no numeric 'size'; re-extract the face`);
  }

  // Plain images: square centre crop of the coverage fraction of the shorter side.
  const side = Math.max(1, Math.round(Math.min(width, height) * coverage));
  const rect = (extracted && extractedFaceCrop(extracted, width, height, coverage, centering)) ?? {
    left: Math.floor((width - side) / 2),
    top: Math.floor((height - side) / 2),
    size: side,
  };
  let raw: Buffer;
  try {
    raw = await cropResize(path, width, height, rect, size);
  } catch (error) {
    throw new DataError(`${path}: cannot decode the image (${(error as Error).message})`);
  }
  if (raw.length !== size * size * 3) throw new DataError(`${path}: unexpected channel layout after decoding`);
  const data = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) data[i] = raw[i]! / 255;

  // Extracted landmarks are in the pixels of a face of `metadata.size`; the file may have been resized since.
  const stored = extracted && extracted.size > 0 ? width / extracted.size : 1;
  const scale = size / rect.size;
  const landmarks = parseLandmarks(metadata?.landmarks)?.map(([x, y]) => [(x * stored - rect.left) * scale, (y * stored - rect.top) * scale] as Point);
  const masks: Record<string, Image> = {};
  if (extracted && width === height) {
    for (const [name, mask] of Object.entries(extracted.masks ?? {})) {
      if (!maskNames || maskNames.includes(name)) masks[name] = cropStoredMask(mask, width, rect, size, path);
    }
  }
  return { image: { width: size, height: size, channels: 3, data }, landmarks, masks, metadata };
}
