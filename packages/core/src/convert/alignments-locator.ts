/**
 * Faces from extraction's alignments file (extract/alignments-file.ts): per frame key, every
 * face's matrix onto the aligned face, its landmarks, pose offsets and descriptor, so convert
 * swaps exactly the faces that were extracted (and trained on) without detecting them again.
 * Faces that extraction's --identity filter left out (no face file) are not swapped. Masks stored
 * in the face files (e.g. by a mask tool) are read from there when the mask type asks for them.
 */
import { basename, dirname, join } from 'node:path';
import { transformPoints } from '../image/affine.js';
import { readAlignments, ALIGNMENTS_FOLDER, type Alignments } from '../extract/alignments-file.js';
import { readFaceMetadata } from '../data/face-writer.js';
import type { StoredMask } from '../data/face-metadata.js';
import { ConvertError } from '../util/errors.js';
import type { LocatedFace, SourceFrame } from './convert-types.js';
import type { FaceLocator, LocateOptions } from './face-locator.js';

export class AlignmentsLocator implements FaceLocator {
  readonly describes = true;
  readonly description: string;
  /** Names of frames convert asked for that the file does not list (not extracted): `<video>_000001` or the image's name. */
  readonly missing: string[] = [];

  private constructor(
    readonly path: string,
    readonly alignments: Alignments,
  ) {
    this.description = `alignments file ${path}`;
  }

  static async open(path: string): Promise<AlignmentsLocator> {
    return new AlignmentsLocator(path, await readAlignments(path).catch((error: Error) => {
      throw new ConvertError(error.message);
    }));
  }

  /** The faces folder the alignments file indexes (it lives in `<faces>/alignments/`). */
  get facesDir(): string {
    const dir = dirname(this.path);
    return basename(dir) === ALIGNMENTS_FOLDER ? dirname(dir) : dir;
  }

  async locate(frame: SourceFrame, options: LocateOptions): Promise<LocatedFace[]> {
    const record = this.alignments.frames[frame.key];
    if (!record) {
      this.missing.push(frame.name);
      return [];
    }
    const [width, height] = record.size;
    if (width !== frame.image.width || height !== frame.image.height) {
      throw new ConvertError(`${this.path}: frame ${frame.name} was extracted at ${width}x${height}, but the input's frame is ${frame.image.width}x${frame.image.height}: is this the alignments file of this input?`);
    }
    const { size, centering } = this.alignments.face;
    const faces: LocatedFace[] = [];
    for (const [index, face] of record.faces.entries()) {
      if (!face.file) continue;
      faces.push({
        index, matrix: face.matrix, size, centering, offsets: face.pose?.offsets,
        landmarks: transformPoints(face.landmarks, face.matrix), descriptor: face.descriptor,
        masks: options.storedMasks?.length ? await this.storedMasks(face.file, options.storedMasks) : undefined,
      });
    }
    return faces;
  }

  async close(): Promise<void> {}

  private async storedMasks(file: string, names: readonly string[]): Promise<Record<string, StoredMask>> {
    const metadata = await readFaceMetadata(join(this.facesDir, file)).catch((error: Error) => {
      throw new ConvertError(`${error.message} (the face file listed in ${this.path}, needed for its stored masks)`);
    });
    return Object.fromEntries(names.flatMap((name) => (metadata?.masks?.[name] ? [[name, metadata.masks[name]!]] : [])));
  }
}
