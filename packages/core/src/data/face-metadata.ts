/**
 * The metadata an extracted face carries in its PNG (one `faceforge` text chunk of JSON), so a
 * face file is self-contained: training, masking, sorting and convert read it from the face itself.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { Image, Point } from './image.js';
import { createImage } from './image.js';
import { DataError } from '../util/errors.js';

/** How the aligned face is framed (faceswap's centering): nose-centred, face-centred or whole head. */
export type Centering = 'legacy' | 'face' | 'head';

/** A mask stored with a face: `size`×`size` uint8, zlib-deflated and base64'd, in the face's own frame. */
export interface StoredMask {
  size: number;
  data: string;
}

export interface FaceSource {
  /** The video or image the face was found in (as given to extract). */
  file: string;
  /** Frame index in a video (0-based); 0 for a still image. */
  frame: number;
  /** Index of this face among the faces found in that frame. */
  faceIndex: number;
  /** Width and height of the source frame. */
  frameSize: [number, number];
}

/**
 * Head pose estimated at extraction (extract/pose.ts), and what training needs to re-frame the face:
 * where each centering's centre lies, as an offset from the legacy centre in legacy-unit coordinates.
 */
export interface FacePose {
  /** Degrees, positive when the nose points towards the image's right. */
  yaw: number;
  /** Degrees, positive when the face looks up. */
  pitch: number;
  /** Degrees the face is turned in the frame's plane, positive clockwise on screen. */
  roll: number;
  offsets: Record<Centering, Point>;
}

export interface FaceMetadata {
  format: 'faceforge-face';
  version: 1;
  /** Side length in pixels of the aligned face image this metadata describes. */
  size: number;
  centering: Centering;
  /** 68 landmarks in the aligned face's pixel frame. */
  landmarks: Point[];
  source: FaceSource;
  /** Detected box in the source frame: x, y, width, height. */
  box: [number, number, number, number];
  /** 2×3 affine from source-frame pixels to aligned-face pixels (row-major [a, b, c, d, e, f]). */
  matrix: [number, number, number, number, number, number];
  /** Detector confidence, 0..1. */
  score?: number;
  /** 128-d identity descriptor (face-api). */
  descriptor?: number[];
  /** Head pose and centering offsets; without it a face can only be used at its own centering. */
  pose?: FacePose;
  /** Masks by name (components, extended, u2net, ...), each in this face's frame. */
  masks: Record<string, StoredMask>;
  /** Anything a plugin adds (pose, sort keys...). */
  [extra: string]: unknown;
}

/** JSON for a latin1 `tEXt` chunk: non-ASCII characters (labels, paths) escaped as \uXXXX. */
export function faceMetadataText(metadata: FaceMetadata): string {
  return JSON.stringify(metadata).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether parsed JSON looks like faceforge face metadata (older/foreign chunks are treated as plain metadata). */
export function isFaceMetadata(value: unknown): value is FaceMetadata {
  const m = value as Partial<FaceMetadata> | undefined;
  return !!m && m.format === 'faceforge-face' && typeof m.size === 'number' && Array.isArray(m.landmarks);
}

/** Stores a 1-channel mask (values 0..1) compactly. */
export function encodeStoredMask(mask: Image): StoredMask {
  if (mask.channels !== 1 || mask.width !== mask.height) throw new Error(`a stored mask must be square and 1-channel, got ${mask.width}x${mask.height}x${mask.channels}`);
  const bytes = new Uint8Array(mask.data.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, mask.data[i]!)) * 255);
  // Level 6, not 9: for a 128 px mask 0.12 ms instead of 0.86 (extraction stores two a face, on the
  // thread that runs the nets), for about 50 bytes more.
  return { size: mask.width, data: deflateSync(bytes, { level: 6 }).toString('base64') };
}

export function decodeStoredMask(stored: StoredMask, source = 'face'): Image {
  let bytes: Buffer;
  try {
    bytes = inflateSync(Buffer.from(stored.data, 'base64'));
  } catch (error) {
    throw new DataError(`${source}: a stored mask is corrupt (${(error as Error).message})`);
  }
  if (bytes.length !== stored.size * stored.size) throw new DataError(`${source}: a stored mask has ${bytes.length} bytes, expected ${stored.size}x${stored.size}`);
  const mask = createImage(stored.size, stored.size, 1);
  for (let i = 0; i < bytes.length; i++) mask.data[i] = bytes[i]! / 255;
  return mask;
}
