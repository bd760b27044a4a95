/**
 * The swapped face's mask (faceswap's mask_blend): pick the base mask (`--mask-type`), keep it
 * raw for colour matching, then threshold, blur, erode or dilate it and fade it out toward the
 * face square's edges so the pasted face has no seam.
 */
import { createImage, type Image } from '../data/image.js';
import type { FaceRecord } from '../data/face-record.js';
import { decodeStoredMask } from '../data/face-metadata.js';
import type { Registry } from '../plugin/registry.js';
import type { MaskDefinition } from '../hooks/contributions.js';
import { warpAffine } from '../image/affine.js';
import { blurMask, oddKernel } from '../image/blur-mask.js';
import { dilateMask } from '../image/dilate-mask.js';
import { thresholdMask } from '../image/threshold-mask.js';
import { wholeFaceMask } from '../image/whole-face-mask.js';
import { defineSection, option, type SectionValues } from '../config/options.js';
import { ConvertError } from '../util/errors.js';
import { composeAffine, cropMatrix, landmarksInCrop, modelCropRect } from './face-geometry.js';
import type { ModelFraming } from './model-framing.js';
import type { LocatedFace } from './convert-types.js';

/** Mask types that are not mask plugins: the model's learned mask and no mask at all. */
export const SPECIAL_MASK_TYPES = ['predicted', 'none'] as const;

export const convertMaskSection = defineSection('convert.mask', 'How the mask of each swapped face is softened before it is blended into the frame.', {
  blur_type: option.choice({ choices: ['gaussian', 'none'] as const, default: 'gaussian', group: 'blur', help: 'Blur of the mask edge: gaussian, or none for a hard edge.' }),
  blur_kernel: option.number({ default: 3, min: 0, max: 50, step: 1, group: 'blur', help: 'Blur kernel size in pixels at a 128 px face (scaled with the face size). Larger values fade the edge further.' }),
  blur_passes: option.integer({ default: 4, min: 1, max: 8, group: 'blur', help: 'How many times the blur is applied: more passes make a smoother, wider fade.' }),
  threshold: option.integer({ default: 4, min: 0, max: 50, group: 'threshold', help: 'Mask values below this percentage become 0 and above 100 minus it become 1, before blurring: removes faint specks from learned and NN masks.' }),
  erosion: option.number({ default: 0, min: -50, max: 50, step: 0.5, group: 'erosion', help: 'Shrinks (positive) or grows (negative) the mask by this percentage of the face width, so less or more of the swapped face shows.' }),
  edge_fade: option.boolean({ default: true, group: 'edge', help: 'Fade the mask to zero over the outer 1/32 of the face square, so the square itself never shows in the frame.' }),
});

export type ConvertMaskOptions = SectionValues<typeof convertMaskSection>;

export interface MaskInputs {
  type: string;
  located: LocatedFace;
  /** The model's framing and the face's resolution. */
  framing: ModelFraming;
  size: number;
  /** The frame's face at `size` (for mask plugins that look at pixels). */
  original: Image;
  /** The model's mask for this face (any size), when it learns one. */
  predicted?: Image;
  /** Used in error messages. */
  label: string;
}

/** A stored mask (in the aligned face's frame, at its own size) moved into the model crop at `size`. */
export function storedMaskInCrop(located: LocatedFace, name: string, framing: ModelFraming, size: number): Image {
  const stored = located.masks?.[name];
  if (!stored) throw new ConvertError(`face has no stored '${name}' mask`);
  const mask = decodeStoredMask(stored, `stored mask '${name}'`);
  const toFace: [number, number, number, number, number, number] = [located.size / mask.width, 0, (located.size / mask.width - 1) / 2, 0, located.size / mask.height, (located.size / mask.height - 1) / 2];
  return warpAffine(mask, composeAffine(cropMatrix(modelCropRect(located, framing), size), toFace), { width: size, height: size });
}

function resizeMask(mask: Image, size: number): Image {
  if (mask.width === size && mask.height === size) return mask;
  const sx = size / mask.width;
  const sy = size / mask.height;
  return warpAffine(mask, [sx, 0, (sx - 1) / 2, 0, sy, (sy - 1) / 2], { width: size, height: size });
}

/** The base mask for a face: predicted, none, a mask stored with the face, or any mask plugin. */
export function baseMask(inputs: MaskInputs, masks: Registry<MaskDefinition>): Image {
  const { type, located, framing, size } = inputs;
  if (type === 'none') return wholeFaceMask(size);
  if (type === 'predicted') {
    if (!inputs.predicted) throw new ConvertError(`${inputs.label}: --mask-type predicted needs a model trained with learn_mask = true`);
    return resizeMask(inputs.predicted, size);
  }
  if (located.masks?.[type]) return storedMaskInCrop(located, type, framing, size);
  if (!masks.has(type)) {
    const stored = Object.keys(located.masks ?? {});
    throw new ConvertError(
      `${inputs.label}: no mask '${type}': not stored with the face${stored.length ? ` (it has ${stored.join(', ')})` : ''} and no mask plugin of that name ` +
        `(installed: ${masks.names().join(', ')}; also ${SPECIAL_MASK_TYPES.join(', ')})`,
    );
  }
  const landmarks = landmarksInCrop(located, framing, size);
  const storedMasks: Record<string, Image> = {};
  for (const name of Object.keys(located.masks ?? {})) storedMasks[name] = storedMaskInCrop(located, name, framing, size);
  const record: FaceRecord = { path: inputs.label, image: inputs.original, landmarks, masks: storedMasks };
  const mask = masks.get(type).create(record, size);
  return resizeMask(mask, size);
}

/**
 * faceswap's box mask: 0 on the outer 1/32 of a `size` square, 1 inside, blurred across the step.
 * The blur radius stays below the border's width, so the outermost pixels are exactly 0.
 */
export function edgeFadeMask(size: number): Image {
  const border = Math.max(1, Math.round(size / 32));
  const box = createImage(size, size, 1);
  for (let y = border; y < size - border; y++) box.data.fill(1, y * size + border, y * size + size - border);
  return blurMask(box, 2 * border - 1);
}

/** Threshold, blur (kernel scaled from 128 px), erosion/dilation and edge fade, in faceswap's order. */
export function blendMask(raw: Image, options: ConvertMaskOptions): Image {
  const size = raw.width;
  let mask = thresholdMask(raw, options.threshold);
  if (options.blur_type === 'gaussian' && options.blur_kernel > 0) {
    const kernel = oddKernel((options.blur_kernel * size) / 128);
    for (let pass = 0; pass < options.blur_passes; pass++) mask = blurMask(mask, kernel);
  }
  if (options.erosion !== 0) mask = dilateMask(mask, -options.erosion);
  if (options.edge_fade) {
    const fade = edgeFadeMask(size);
    for (let i = 0; i < mask.data.length; i++) mask.data[i]! *= fade.data[i]!;
  }
  return mask;
}
