/**
 * The trainer's side of validation: which faces are held out (a time segment of each input folder,
 * or folders the user gives), and the validator built once the model exists. Held-out faces are
 * taken out of the training sets here, before the samplers see them.
 */
import { resolve } from 'node:path';
import type { FaceRecord } from '../data/face-record.js';
import type { FaceSwapModel } from '../model/face-swap-model.js';
import { MIN_FACES } from '../data/face-set.js';
import type { Logger } from '../util/logger.js';
import { createFaceDescriber } from '../extract/face-describer.js';
import { splitHeldOut } from './held-out-faces.js';
import { IdentityValidator } from './identity-validator.js';
import type { ValidationRecord } from './validation-record.js';

export const DEFAULT_HELD_OUT_FRACTION = 0.15;

export interface ValidationOptions {
  /** Validate every N iterations (0: off). */
  every: number;
  /** Share of each source's frames held out when no folders are given (default 0.15). */
  heldOutFraction?: number;
  /** Held-out faces per side, instead of a time segment of the training folders. */
  folders?: { a: string; b: string };
}

export interface PreparedValidation {
  training: { a: FaceRecord[]; b: FaceRecord[] };
  start(model: FaceSwapModel): Promise<IdentityValidator>;
}

/**
 * Splits off the held-out faces; undefined (with a warning) when too few faces would be left to train.
 * `loadFolder` loads a folder as training loads its faces.
 */
export async function prepareValidation(
  options: ValidationOptions,
  faces: { a: FaceRecord[]; b: FaceRecord[] },
  loadFolder: (dir: string) => Promise<FaceRecord[]>,
  log: Logger,
): Promise<PreparedValidation | undefined> {
  let training = faces;
  let heldOut: { a: FaceRecord[]; b: FaceRecord[] };
  let from: 'frame' | 'file-name' | 'folder';
  if (options.folders) {
    heldOut = { a: await loadFolder(options.folders.a), b: await loadFolder(options.folders.b) };
    from = 'folder';
  } else {
    const fraction = options.heldOutFraction ?? DEFAULT_HELD_OUT_FRACTION;
    const a = splitHeldOut(faces.a, fraction);
    const b = splitHeldOut(faces.b, fraction);
    if (a.training.length < MIN_FACES || b.training.length < MIN_FACES) {
      log.warn(`validation is off: holding out ${Math.round(fraction * 100)}% of the faces would leave ${a.training.length} (A) and ${b.training.length} (B) to train, under ${MIN_FACES}; give held-out folders instead`);
      return undefined;
    }
    training = { a: a.training, b: b.training };
    heldOut = { a: a.heldOut, b: b.heldOut };
    from = a.by === 'frame' && b.by === 'frame' ? 'frame' : 'file-name';
  }
  for (const side of ['a', 'b'] as const) {
    if (heldOut[side].length === 0) {
      log.warn(`validation is off: no held-out faces of side ${side.toUpperCase()}`);
      return undefined;
    }
  }
  log.info(`validation: ${heldOut.a.length} A and ${heldOut.b.length} B faces held out (${from === 'folder' ? 'folders given' : `last ${Math.round((options.heldOutFraction ?? DEFAULT_HELD_OUT_FRACTION) * 100)}% of each source by ${from === 'frame' ? 'frame number' : 'file name'}`}), every ${options.every} iterations`);
  return {
    training,
    async start(model) {
      const describer = await createFaceDescriber({ log });
      return IdentityValidator.create(model, {
        heldOut: { a: heldOut.a.map((f) => f.image), b: heldOut.b.map((f) => f.image) },
        heldOutFiles: { a: heldOut.a.map((f) => resolve(f.path)), b: heldOut.b.map((f) => resolve(f.path)) },
        reference: { a: training.a.map((f) => f.image), b: training.b.map((f) => f.image) },
        from,
      }, describer);
    },
  };
}

const f3 = (v: number) => v.toFixed(3);
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** One log line per validation pass. */
export function formatValidationLine(r: ValidationRecord): string {
  return `validation @${r.iteration}: A>B to A ${f3(r.aToB.toA)} to B ${f3(r.aToB.toB)} (is B ${pct(r.aToB.nearerB)}), ` +
    `control A>A to A ${f3(r.aToA.toA)} to B ${f3(r.aToA.toB)}, B>A to B ${f3(r.bToA.toB)} to A ${f3(r.bToA.toA)} (is A ${pct(1 - r.bToA.nearerB)}), ` +
    `SSIM A ${f3(r.ssim.a)} B ${f3(r.ssim.b)}, score ${r.score >= 0 ? '+' : ''}${f3(r.score)} (${r.seconds.toFixed(1)} s)`;
}
