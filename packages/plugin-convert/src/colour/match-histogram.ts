/**
 * faceswap's match-hist: per channel, map the swapped face's values so their (mask-weighted)
 * histogram matches the original face's. `threshold` (< 1) scales the source quantiles down so
 * the brightest 1 − threshold of the original's colours are never reached: that keeps extreme
 * highlights from leaking in.
 */
import type { Image } from '@faceforge/core';

const BINS = 256;

function weightedHistogram(image: Image, channel: number, weights: Image): Float64Array {
  const histogram = new Float64Array(BINS);
  const { channels, data } = image;
  for (let i = 0, n = image.width * image.height; i < n; i++) {
    const w = weights.data[i]!;
    if (w <= 0) continue;
    histogram[binOf(data[i * channels + channel]!)]! += w;
  }
  return histogram;
}

function binOf(value: number): number {
  const bin = Math.floor(value * (BINS - 1) + 0.5);
  return bin < 0 ? 0 : bin >= BINS ? BINS - 1 : bin;
}

/** Cumulative distribution normalised to end at 1. */
function cumulative(histogram: Float64Array): Float64Array {
  const cdf = new Float64Array(BINS);
  let sum = 0;
  for (let i = 0; i < BINS; i++) cdf[i] = sum += histogram[i]!;
  if (sum > 0) for (let i = 0; i < BINS; i++) cdf[i]! /= sum;
  return cdf;
}

/** np.interp(x, xs, ys) for increasing xs. */
function interpolate(x: number, xs: number[], ys: number[]): number {
  if (x <= xs[0]!) return ys[0]!;
  if (x >= xs[xs.length - 1]!) return ys[ys.length - 1]!;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const span = xs[hi]! - xs[lo]!;
  return span > 0 ? ys[lo]! + ((ys[hi]! - ys[lo]!) * (x - xs[lo]!)) / span : ys[hi]!;
}

/** The value each source bin maps to in one channel. */
export function histogramMapping(face: Image, original: Image, mask: Image, channel: number, threshold: number): Float32Array {
  const sourceCdf = cumulative(weightedHistogram(face, channel, mask));
  const targetHistogram = weightedHistogram(original, channel, mask);
  const targetCdf = cumulative(targetHistogram);
  // Only the values the original really has (np.unique), as faceswap interpolates over them.
  const quantiles: number[] = [];
  const values: number[] = [];
  for (let bin = 0; bin < BINS; bin++) {
    if (targetHistogram[bin]! <= 0) continue;
    quantiles.push(targetCdf[bin]!);
    values.push(bin / (BINS - 1));
  }
  const mapping = new Float32Array(BINS);
  for (let bin = 0; bin < BINS; bin++) {
    mapping[bin] = quantiles.length ? interpolate(threshold * sourceCdf[bin]!, quantiles, values) : bin / (BINS - 1);
  }
  return mapping;
}

export function matchHistogram(face: Image, original: Image, mask: Image, threshold = 0.99): Image {
  const out = new Float32Array(face.data.length);
  const { channels } = face;
  for (let c = 0; c < channels; c++) {
    const mapping = histogramMapping(face, original, mask, c, threshold);
    for (let i = c; i < out.length; i += channels) out[i] = mapping[binOf(face.data[i]!)]!;
  }
  return { ...face, data: out };
}
