/**
 * `--identity REF_IMAGE[,..]`: keep only the faces of one person. Each reference photo gives a
 * descriptor (its largest face); a face is that person when its euclidean descriptor distance to
 * the nearest reference is at most the threshold (faceswap's default, 0.6, is also face-api's:
 * the same person is typically < 0.45 apart, different people > 0.7).
 */
import type { RgbPixels } from '../image/rgb-pixels.js';
import { ExtractError } from '../util/errors.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { descriptorDistance, type FaceDetector } from './face-detector.js';
import { readImageRgb } from './frame-source.js';

export const DEFAULT_IDENTITY_THRESHOLD = 0.6;

export interface IdentityReference {
  file: string;
  descriptor: number[];
}

async function readRgb(file: string): Promise<RgbPixels> {
  try {
    return await readImageRgb(file);
  } catch (error) {
    throw new ExtractError(`${file}: the --identity reference is not a readable image (${(error as Error).message.split('\n')[0]})`);
  }
}

/** The descriptor of the (largest) face in each reference image. */
export async function loadIdentityReferences(files: readonly string[], detector: FaceDetector, log: Logger = silentLogger): Promise<IdentityReference[]> {
  const references: IdentityReference[] = [];
  for (const file of files) {
    const faces = await detector.detect(await readRgb(file));
    if (faces.length === 0) throw new ExtractError(`${file}: no face found in the --identity reference image; use a clear photo of the person`);
    if (faces.length > 1) log.warn(`${file}: ${faces.length} faces in the --identity reference image; using the largest`);
    references.push({ file, descriptor: faces[0]!.descriptor });
  }
  return references;
}

export class IdentityFilter {
  constructor(
    readonly references: readonly IdentityReference[],
    readonly threshold = DEFAULT_IDENTITY_THRESHOLD,
  ) {
    if (references.length === 0) throw new ExtractError('--identity needs at least one reference image');
    if (!(threshold > 0)) throw new ExtractError(`--threshold must be above 0, got ${threshold}`);
  }

  /** Distance to the nearest reference. */
  distance(descriptor: readonly number[]): number {
    return Math.min(...this.references.map((r) => descriptorDistance(r.descriptor, descriptor)));
  }

  matches(descriptor: readonly number[]): boolean {
    return this.distance(descriptor) <= this.threshold;
  }
}
