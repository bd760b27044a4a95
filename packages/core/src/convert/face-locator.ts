/**
 * Where the faces are in each frame. Convert needs, per frame, each face's alignment (the 2×3
 * matrix onto an aligned face of known size and centering) and, for landmark masks, its 68
 * landmarks: exactly what extraction produces. A FaceLocator hands them over; extraction's
 * alignments file and on-the-fly detection are the two real ones, `FixedFaceLocator` serves
 * a locked-off camera and tests.
 */
import type { Point } from '../data/image.js';
import type { Centering } from '../data/face-metadata.js';
import type { LocatedFace, SourceFrame } from './convert-types.js';

export interface LocateOptions {
  /** `--identity` is on: fill each face's `descriptor`. */
  descriptors: boolean;
  /** Stored masks the mask type needs (a mask no plugin draws): fill `masks` with them when the faces carry them. */
  storedMasks?: readonly string[];
}

export interface FaceLocator {
  /** Human-readable source, for messages ("alignments file x.json", "face-api on the fly"). */
  readonly description: string;
  /** Whether `locate` can fill descriptors (needed by `--identity`). */
  readonly describes: boolean;
  /** The faces of one frame. Called for every frame convert swaps, in frame order. */
  locate(frame: SourceFrame, options: LocateOptions): Promise<LocatedFace[]>;
  /** Several consecutive frames at once (a batched detector): convert hands over `batchSize` frames at a time. */
  locateBatch?(frames: readonly SourceFrame[], options: LocateOptions): Promise<LocatedFace[][]>;
  /** Frames per `locateBatch` call. */
  readonly batchSize?: number;
  close?(): Promise<void>;
}

/**
 * A face in a fixed square box of the frame, aligned the way the sample faces are cut: the box
 * scaled to `size` px with nothing rotated. Landmarks, when given, are in aligned-face pixels.
 */
export function boxFace(box: { x: number; y: number; side: number }, size: number, options: { landmarks?: Point[]; centering?: Centering; index?: number } = {}): LocatedFace {
  const scale = size / box.side;
  // Pixel centres onto pixel centres, the way a crop-and-resize maps them.
  const offset = (scale - 1) / 2;
  return {
    index: options.index ?? 0,
    matrix: [scale, 0, offset - scale * box.x, 0, scale, offset - scale * box.y],
    size,
    centering: options.centering ?? 'face',
    landmarks: options.landmarks,
  };
}

/** The same faces in every frame (a locked-off camera, a still, tests). */
export class FixedFaceLocator implements FaceLocator {
  readonly description = 'fixed face positions';
  readonly describes: boolean;

  constructor(private readonly faces: LocatedFace[]) {
    this.describes = faces.every((face) => face.descriptor !== undefined);
  }

  async locate(): Promise<LocatedFace[]> {
    return this.faces.map((face) => ({ ...face, landmarks: face.landmarks?.map((p): Point => [p[0], p[1]]) }));
  }
}
