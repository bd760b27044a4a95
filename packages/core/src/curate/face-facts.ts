/**
 * What curation knows about each face of a folder: from its metadata (landmarks, descriptor,
 * source box, pose) and from its pixels (sharpness, perceptual hash), measured once at a common
 * analysis size. Unreadable files are reported and left out; missing metadata leaves fields unset.
 */
import type { Image, Point } from '../data/image.js';
import { listFaceFiles } from '../data/face-set.js';
import { readFaceFile } from '../data/face-file.js';
import type { LandmarkMaskDrawing } from '../masks/landmark-masks.js';
import { DataError } from '../util/errors.js';
import { transformPoints } from '../image/affine.js';
import { legacyMatrix } from '../extract/align-face.js';
import { estimatePose } from '../extract/pose.js';
import { laplacianVariance } from './sharpness.js';
import { differenceHash } from './image-hash.js';

/** Faces are measured at this side so that sharpness compares across resolutions. */
export const ANALYSIS_SIZE = 256;

export interface FacePoseAngles {
  /** Degrees, positive when the nose points towards the image's right. */
  yaw: number;
  /** Degrees, positive when the face looks up. */
  pitch: number;
}

export interface FaceFacts {
  path: string;
  /** 68 landmarks at the analysis size. */
  landmarks?: Point[];
  descriptor?: number[];
  /** Detected box in the source frame: x, y, width, height. */
  box?: [number, number, number, number];
  pose?: FacePoseAngles;
  /** Variance of the Laplacian inside the face (see sharpness.ts). */
  sharpness: number;
  hash: bigint;
}

export interface FaceFactsResult {
  faces: FaceFacts[];
  failed: Array<{ path: string; message: string }>;
}

function numberArray(value: unknown, length?: number): number[] | undefined {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) return undefined;
  return value.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (value as number[]) : undefined;
}

/** The pose extraction stored, else one estimated from the landmarks the same way (extract/pose.ts). */
function poseOf(value: unknown, landmarks: Point[] | undefined): FacePoseAngles | undefined {
  const pose = value as { yaw?: unknown; pitch?: unknown } | undefined;
  if (typeof pose?.yaw === 'number' && typeof pose.pitch === 'number') return { yaw: pose.yaw, pitch: pose.pitch };
  if (!landmarks) return undefined;
  const estimate = estimatePose(transformPoints(landmarks, legacyMatrix(landmarks)));
  return { yaw: estimate.yaw, pitch: estimate.pitch };
}

export interface FaceFactsOptions {
  /**
   * The face region sharpness is measured in, drawn from the landmarks: the `components` mask of
   * the mask plugins (`landmarkMaskDrawing(forge.masks, 'components')`, what `sort` and `select`
   * use). Without it, or for a face without landmarks, the whole image counts.
   */
  region?: LandmarkMaskDrawing;
  onProgress?: (done: number, total: number) => void;
}

/** The facts of one face image. */
export async function readFaceFacts(path: string, options: Pick<FaceFactsOptions, 'region'> = {}): Promise<FaceFacts> {
  const { image, landmarks, metadata } = await readFaceFile(path, ANALYSIS_SIZE, 1);
  // Only the face counts towards sharpness: the landmark region when known, else the whole image.
  const region: Image | undefined = landmarks && options.region ? options.region(landmarks, ANALYSIS_SIZE) : undefined;
  return {
    path,
    landmarks,
    descriptor: numberArray(metadata?.descriptor),
    box: numberArray(metadata?.box, 4) as FaceFacts['box'],
    pose: poseOf(metadata?.pose, landmarks),
    sharpness: laplacianVariance(image, region),
    hash: differenceHash(image),
  };
}

/** The facts of every face image in `dir`, in file-name order, a few files in flight at once. */
export async function readFolderFacts(dir: string, options: FaceFactsOptions = {}): Promise<FaceFactsResult> {
  const files = await listFaceFiles(dir);
  if (files.length === 0) throw new DataError(`${dir}: no face images (.png, .jpg) in this folder`);
  const results = new Array<FaceFacts | undefined>(files.length);
  const failed: FaceFactsResult['failed'] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      try {
        results[index] = await readFaceFacts(files[index]!, options);
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        failed.push({ path: files[index]!, message: error.message });
      }
      options.onProgress?.(++done, files.length);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { faces: results.filter((f): f is FaceFacts => f !== undefined), failed };
}
