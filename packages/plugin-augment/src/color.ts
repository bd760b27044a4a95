import { type Image, type Rng, labToRgb, rgbToLab } from '@faceforge/core';
import { claheChannel } from './clahe.js';

export interface ColorAugmentOptions {
  /** Percent; L shift r ~ U(−l/100, l/100). faceswap default 30. */
  colorLightness: number;
  /** Percent; a and b shifts ~ U(−ab/100, ab/100). faceswap default 8. */
  colorAb: number;
  /** Percent chance of CLAHE on L. faceswap default 50. */
  colorClaheChance: number;
  /** Grid multiplier upper bound. faceswap default 4. */
  colorClaheMaxSize: number;
}

/**
 * faceswap's shift of one 0..255 Lab channel towards 255 (r ≥ 0) or towards 0 (r < 0):
 * x + (255 − x)·r, or x·(1 + r). In place on interleaved Lab.
 */
export function shiftLabChannel(lab: Image, channel: number, r: number): void {
  const { data, channels } = lab;
  if (r >= 0) {
    for (let i = channel; i < data.length; i += channels) data[i] = data[i]! + (255 - data[i]!) * r;
  } else {
    for (let i = channel; i < data.length; i += channels) data[i] = data[i]! * (1 + r);
  }
}

/** faceswap's CLAHE tile grid for processing size P: base = max(2, P//128), grid = k·(base//2) + base, k ∈ 0..maxSize. */
export function claheGridSize(processingSize: number, maxSize: number, rng: Rng): number {
  const base = Math.max(2, Math.floor(processingSize / 128));
  return rng.int(0, maxSize) * Math.floor(base / 2) + base;
}

/** CLAHE (clip limit 2) on the L channel of an OpenCV-scaled Lab image; returns a new image. */
export function claheLightness(lab: Image, grid: number): Image {
  return { ...lab, data: claheChannel(lab.data, lab.width, lab.height, lab.channels, 0, grid, 2) };
}

/**
 * faceswap's colour augmentation for one RGB image: to Lab, CLAHE on L with the configured
 * chance, random L/a/b shift, back to RGB. CLAHE runs before the shift, matching the order in
 * faceswap's `color_adjust` (the reference prose lists them the other way round).
 */
export function augmentColor(image: Image, options: ColorAugmentOptions, rng: Rng): Image {
  let lab = rgbToLab(image);
  if (rng.chance(options.colorClaheChance / 100)) {
    lab = claheLightness(lab, claheGridSize(Math.max(image.width, image.height), options.colorClaheMaxSize, rng));
  }
  const amounts = [options.colorLightness / 100, options.colorAb / 100, options.colorAb / 100];
  amounts.forEach((amount, channel) => shiftLabChannel(lab, channel, rng.uniform(-amount, amount)));
  return labToRgb(lab);
}
