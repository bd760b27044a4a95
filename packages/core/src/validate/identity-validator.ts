/**
 * Validation while training (EasyPhoto's checkpoint validation, peers.md §5.2, for swap models):
 * held-out faces of A go through decoder B and of B through decoder A, and face-api says how near
 * each swapped face is to A's and to B's mean descriptor, next to the control (each side through
 * its own decoder) and the reconstruction SSIM.
 *
 * What face-api sees: the model's output as it is, the crop of the aligned face that the model
 * reproduces (coverage, centering), at the model's output size. The references (the training
 * faces that make each side's mean) and the untouched held-out originals are cut and scaled to
 * the same crop and size, so the low resolution and the framing are shared by every figure and
 * only identity differs; pasting the swap back into the full aligned face would add the original's
 * hair and background, which carry person A into every swap's descriptor.
 */
import type { Image } from '../image/image.js';
import type { FaceSwapModel, Side } from '../model/face-swap-model.js';
import { previewColumns, stackImages, tensorToImages } from '../train/preview-writer.js';
import { descriptorDistance } from '../extract/face-detector.js';
import type { FaceDescriber } from '../extract/face-describer.js';
import { identityScore, type IdentityFigures, type ValidationRecord, type ValidationSet } from './validation-record.js';
import { imageSsim } from './image-ssim.js';

/** Faces per forward pass: bounds the memory a validation pass adds to training's. */
const CHUNK = 16;
/** Training faces (spread over the set) whose descriptors make a side's mean. */
export const REFERENCE_FACES = 32;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The plain mean of descriptors (face-api's descriptors are near unit length; 0.6 is calibrated on them). */
function meanOf(descriptors: number[][]): number[] {
  return descriptors[0]!.map((_, k) => mean(descriptors.map((d) => d[k]!)));
}

/** Every `count`-th face spread evenly over `faces`. */
export function spread<T>(faces: readonly T[], count: number): T[] {
  const n = Math.min(count, faces.length);
  return Array.from({ length: n }, (_, i) => faces[Math.floor((i * faces.length) / n)]!);
}

function resized(faces: readonly Image[], size: number): Image[] {
  const out: Image[] = [];
  for (let i = 0; i < faces.length; i += CHUNK) {
    const batch = stackImages(faces.slice(i, i + CHUNK) as Image[], size);
    out.push(...tensorToImages(batch));
    batch.dispose();
  }
  return out;
}

interface SideOutputs {
  original: Image[];
  own: Image[];
  swap: Image[];
}

function runSide(model: FaceSwapModel, faces: readonly Image[], side: Side): SideOutputs {
  const out: SideOutputs = { original: [], own: [], swap: [] };
  for (let i = 0; i < faces.length; i += CHUNK) {
    const columns = previewColumns(model, faces.slice(i, i + CHUNK) as Image[], side);
    out.original.push(...columns.original);
    out.own.push(...columns.reconstruction);
    out.swap.push(...columns.swap);
  }
  return out;
}

export interface ValidatorFaces {
  /** Held-out faces per side, at the processing size (as training loads them). */
  heldOut: Record<Side, Image[]>;
  /** Their files. */
  heldOutFiles: Record<Side, string[]>;
  /** Training faces per side whose mean descriptor stands for the person. */
  reference: Record<Side, Image[]>;
  from: ValidationSet['from'];
}

export class IdentityValidator {
  private constructor(
    private readonly describer: FaceDescriber,
    private readonly heldOut: Record<Side, Image[]>,
    private readonly means: Record<Side, number[]>,
    readonly set: ValidationSet,
  ) {}

  /** Describes the references and the held-out originals once. */
  static async create(model: FaceSwapModel, faces: ValidatorFaces, describer: FaceDescriber): Promise<IdentityValidator> {
    for (const side of ['a', 'b'] as const) {
      if (faces.heldOut[side].length === 0) throw new Error(`validation: no held-out faces of side ${side.toUpperCase()}`);
      if (faces.reference[side].length === 0) throw new Error(`validation: no reference faces of side ${side.toUpperCase()}`);
    }
    const size = model.outputSize;
    const reference = { a: spread(faces.reference.a, REFERENCE_FACES), b: spread(faces.reference.b, REFERENCE_FACES) };
    const means = {
      a: meanOf(await describer.describe(resized(reference.a, size))),
      b: meanOf(await describer.describe(resized(reference.b, size))),
    };
    const figures = (descriptors: number[][]) => figuresOf(descriptors, means);
    const set: ValidationSet = {
      from: faces.from,
      faces: { a: faces.heldOut.a.length, b: faces.heldOut.b.length },
      referenceFaces: { a: reference.a.length, b: reference.b.length },
      originals: {
        a: figures(await describer.describe(resized(faces.heldOut.a, size))),
        b: figures(await describer.describe(resized(faces.heldOut.b, size))),
      },
      heldOutFiles: faces.heldOutFiles,
      means,
    };
    return new IdentityValidator(describer, faces.heldOut, means, set);
  }

  /** A validator of a model trained earlier: its held-out faces (loaded again) and the means it recorded. */
  static fromSet(set: ValidationSet, heldOut: Record<Side, Image[]>, describer: FaceDescriber): IdentityValidator {
    return new IdentityValidator(describer, heldOut, set.means, set);
  }

  async validate(model: FaceSwapModel, iteration: number): Promise<ValidationRecord> {
    const started = performance.now();
    const a = runSide(model, this.heldOut.a, 'a');
    const b = runSide(model, this.heldOut.b, 'b');
    const figures = async (faces: Image[]) => figuresOf(await this.describer.describe(faces), this.means);
    const partial = {
      aToB: await figures(a.swap),
      bToA: await figures(b.swap),
      aToA: await figures(a.own),
      bToB: await figures(b.own),
    };
    const ssim = {
      a: mean(a.own.map((face, i) => imageSsim(face, a.original[i]!))),
      b: mean(b.own.map((face, i) => imageSsim(face, b.original[i]!))),
    };
    return { iteration, time: new Date().toISOString(), ...partial, ssim, score: identityScore(partial), seconds: (performance.now() - started) / 1000 };
  }

  /** Frees face-api's recognition net. */
  async close(): Promise<void> {
    await this.describer.close();
  }

  /** Mean descriptors of the two people (what `convert` measures its swaps against too). */
  get meanDescriptors(): Readonly<Record<Side, readonly number[]>> {
    return this.means;
  }
}

export function figuresOf(descriptors: number[][], means: Record<Side, readonly number[]>): IdentityFigures {
  const toA = descriptors.map((d) => descriptorDistance(d, means.a));
  const toB = descriptors.map((d) => descriptorDistance(d, means.b));
  return { toA: mean(toA), toB: mean(toB), nearerB: mean(toB.map((d, i) => (d < toA[i]! ? 1 : 0))) };
}

