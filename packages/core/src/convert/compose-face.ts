/**
 * One swapped face into its frame: cut the frame's own face at the swapped face's resolution,
 * build the mask, let `adjustColour` match the colours, let `blend` paste it back.
 */
import type { Image } from '../data/image.js';
import type { Forge } from '../forge.js';
import { baseMask, blendMask } from './convert-mask.js';
import { convertMaskSection } from './convert-mask.js';
import { extractFromFrame, modelFaceMatrix } from './face-geometry.js';
import { sectionValues } from '../config/section-values.js';
import type { ConvertRun, LocatedFace, RgbFrame } from './convert-types.js';

export interface ComposeInputs {
  frame: RgbFrame;
  located: LocatedFace;
  /** The decoder's face (square, RGB), possibly upscaled. */
  swapped: Image;
  /** The model's mask for the face, when it learns one. */
  predicted?: Image;
  maskType: string;
  /** For messages: frame name and face index. */
  label: string;
}

/** Composites one face into `frame` (in place, through the `blend` hook) and returns the frame. */
export function composeFace(forge: Forge, run: ConvertRun, inputs: ComposeInputs): RgbFrame {
  const { located, swapped } = inputs;
  const size = swapped.width;
  const matrix = modelFaceMatrix(located, run.framing, size);
  const { image: original, inFrame } = extractFromFrame(inputs.frame, matrix, size);
  const raw = baseMask({ type: inputs.maskType, located, framing: run.framing, size, original, predicted: inputs.predicted, label: inputs.label }, forge.masks);
  // Colours are measured only where the face is in view: beyond the frame's edge there is nothing to match.
  const colourMask: Image = { ...raw, data: raw.data.map((v, i) => v * inFrame.data[i]!) };
  const adjusted = forge.hooks.adjustColour.call(swapped, { original, mask: colourMask, run });
  const mask = blendMask(raw, sectionValues(run.config, convertMaskSection));
  return forge.hooks.blend.call(inputs.frame, { face: { located, image: adjusted, mask, matrix }, run });
}
