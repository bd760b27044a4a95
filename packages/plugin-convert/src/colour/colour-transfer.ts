/**
 * Reinhard et al.'s colour transfer (faceswap's color-transfer): in Lab, move each channel of the
 * swapped face to the original face's mean and spread: (x − μ_face)·σ_orig/σ_face + μ_orig. The
 * statistics are mask-weighted (faceswap multiplies the faces by the mask and so counts the black
 * background; here only the face counts).
 */
import { labToRgb, rgbToLab, type Image } from '@faceforge/core';

function weightedStats(lab: Image, mask: Image): Array<{ mean: number; std: number }> {
  const stats: Array<{ mean: number; std: number }> = [];
  for (let c = 0; c < 3; c++) {
    let total = 0;
    let sum = 0;
    let squares = 0;
    for (let i = 0, n = lab.width * lab.height; i < n; i++) {
      const w = mask.data[i]!;
      if (w <= 0) continue;
      const v = lab.data[i * 3 + c]!;
      total += w;
      sum += w * v;
      squares += w * v * v;
    }
    const mean = total > 0 ? sum / total : 0;
    stats.push({ mean, std: total > 0 ? Math.sqrt(Math.max(0, squares / total - mean * mean)) : 0 });
  }
  return stats;
}

export interface ColourTransferOptions {
  /** Clip Lab values to their range (true) or rescale each channel to fit (faceswap's clip = False). */
  clip: boolean;
}

export function colourTransfer(face: Image, original: Image, mask: Image, options: ColourTransferOptions = { clip: true }): Image {
  const source = weightedStats(rgbToLab(original), mask);
  const lab = rgbToLab(face);
  const target = weightedStats(lab, mask);
  for (let c = 0; c < 3; c++) {
    // A flat channel (std 0) can't be stretched: only its mean moves.
    const scale = target[c]!.std > 1e-6 ? source[c]!.std / target[c]!.std : 1;
    let min = Infinity;
    let max = -Infinity;
    for (let i = c; i < lab.data.length; i += 3) {
      const v = (lab.data[i]! - target[c]!.mean) * scale + source[c]!.mean;
      lab.data[i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (options.clip) {
      for (let i = c; i < lab.data.length; i += 3) lab.data[i] = Math.min(255, Math.max(0, lab.data[i]!));
    } else if (min < 0 || max > 255) {
      // faceswap's _scale_array: squeeze [min, max] into the part of [0, 255] it overlaps.
      const low = Math.max(min, 0);
      const high = Math.min(max, 255);
      for (let i = c; i < lab.data.length; i += 3) lab.data[i] = low + ((high - low) * (lab.data[i]! - min)) / (max - min);
    }
  }
  return labToRgb(lab);
}
