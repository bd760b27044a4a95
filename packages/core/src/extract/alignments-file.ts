/**
 * The alignments file: one JSON file per source (video, image folder or image) recording every
 * face found in every frame that is done, so an interrupted extraction resumes where it stopped
 * and convert can find the faces of each frame without detecting them again.
 *
 * Location: `<output>/alignments/<source name>.json`, inside the faces folder it indexes (the
 * source may sit on read-only media, and the faces and their index then travel together).
 * face-set ignores sub-folders, so training never sees it. Written atomically (temp + rename).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AffineMatrix } from '../image/affine.js';
import type { Centering, FacePose } from '../data/face-metadata.js';
import type { Point } from '../data/image.js';
import { writeFileAtomic } from '../io/atomic.js';
import { ExtractError } from '../util/errors.js';
import type { SourceKind } from './frame-source.js';

export const ALIGNMENTS_FOLDER = 'alignments';

export interface AlignmentsFace {
  /** Box in frame pixels: x, y, width, height. */
  box: [number, number, number, number];
  score: number;
  /** 68 landmarks in frame pixels. */
  landmarks: Point[];
  /** 128-d identity descriptor. */
  descriptor: number[];
  /** Frame pixels → aligned face pixels (the `face` size and centering of this file). */
  matrix: AffineMatrix;
  pose: FacePose;
  /** Name of the face file in the output folder; absent when the face was not written (identity filter). */
  file?: string;
  /** Distance to the nearest --identity reference, when references were given. */
  identityDistance?: number;
}

export interface AlignmentsFrame {
  /** Frame number in the video, or position of the image in its folder. */
  index: number;
  /** The file this frame is (an image) or comes from (the video). */
  file: string;
  /** Frame width and height. */
  size: [number, number];
  faces: AlignmentsFace[];
}

export interface Alignments {
  format: 'faceforge-alignments';
  version: 1;
  /** Absolute path of the source as it was extracted. */
  source: string;
  kind: SourceKind;
  /** How faces were written: aligned face size and centering. */
  face: { size: number; centering: Centering };
  /** Every frame that is done, by key: the frame number for a video, the file name for an image. */
  frames: Record<string, AlignmentsFrame>;
}

export function alignmentsPath(outputDir: string, sourceName: string): string {
  return join(outputDir, ALIGNMENTS_FOLDER, `${sourceName}.json`);
}

function parseAlignments(text: string, path: string): Alignments {
  let value: Partial<Alignments>;
  try {
    value = JSON.parse(text) as Partial<Alignments>;
  } catch (error) {
    throw new ExtractError(`${path}: the alignments file is not valid JSON (${(error as Error).message}); delete it to extract this source again`);
  }
  if (value?.format !== 'faceforge-alignments' || value.version !== 1 || typeof value.frames !== 'object' || !value.face) {
    throw new ExtractError(`${path}: not a faceforge alignments file (version 1)`);
  }
  return value as Alignments;
}

/** Reads an alignments file (for convert and tools); an ExtractError naming it when missing or malformed. */
export async function readAlignments(path: string): Promise<Alignments> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ExtractError(`${path}: cannot read the alignments file (${error.code === 'ENOENT' ? 'it does not exist: extract the source first' : error.message})`);
  });
  return parseAlignments(text, path);
}

/** An alignments file being written by an extraction: load (to resume), record frames, save. */
export class AlignmentsFile {
  private dirty = false;

  private constructor(
    readonly path: string,
    readonly data: Alignments,
  ) {}

  /**
   * Opens the alignments of `source` at `path`, resuming the file already there. It must have been
   * written with the same face size and centering, since the face files it lists were.
   */
  static async open(path: string, init: Omit<Alignments, 'format' | 'version' | 'frames'>): Promise<AlignmentsFile> {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new ExtractError(`${path}: cannot read the alignments file (${error.message})`);
    });
    if (text === undefined) return new AlignmentsFile(path, { format: 'faceforge-alignments', version: 1, ...init, frames: {} });
    const data = parseAlignments(text, path);
    if (data.face.size !== init.face.size || data.face.centering !== init.face.centering) {
      throw new ExtractError(
        `${path}: this output holds faces of ${data.source} extracted at ${data.face.size} px (${data.face.centering}), not ${init.face.size} px (${init.face.centering}): use the same --size or another output folder`,
      );
    }
    return new AlignmentsFile(path, data);
  }

  isDone(key: string): boolean {
    return Object.hasOwn(this.data.frames, key);
  }

  get doneCount(): number {
    return Object.keys(this.data.frames).length;
  }

  /** Marks a frame done with the faces found in it (call after its face files are written). */
  record(key: string, frame: AlignmentsFrame): void {
    this.data.frames[key] = frame;
    this.dirty = true;
  }

  /** Writes the file atomically if anything changed. */
  async save(): Promise<void> {
    if (!this.dirty) return;
    await writeFileAtomic(this.path, JSON.stringify(this.data));
    this.dirty = false;
  }
}
