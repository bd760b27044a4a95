/**
 * Seamless cloning (Pérez et al. 2003, what cv2.seamlessClone NORMAL_CLONE does): inside the mask
 * the result keeps the swapped face's gradients, and on the mask's boundary it equals the original
 * face, so the face's overall colour and light follow the frame. Solved per channel with conjugate
 * gradients on the discrete Poisson equation of the masked pixels:
 *   |N_p|·f_p − Σ_{q ∈ N_p ∩ Ω} f_q = Σ_{q ∈ N_p} (g_p − g_q) + Σ_{q ∈ N_p \ Ω} o_q
 * where g is the swapped face, o the original and N_p the 4 neighbours. The outer ring of the face
 * square is never in Ω, so every part of Ω touches a fixed boundary and the system is positive
 * definite.
 */
import type { Image } from '@faceforge/core';

export interface SeamlessOptions {
  /** Mask values above this are in the region that is solved. */
  maskThreshold: number;
  maxIterations: number;
  /** Stop when the residual norm falls below this fraction of the right-hand side's. */
  tolerance: number;
}

export const DEFAULT_SEAMLESS: SeamlessOptions = { maskThreshold: 0.01, maxIterations: 2000, tolerance: 1e-5 };

export interface SeamlessResult {
  image: Image;
  /** CG iterations per channel (a measure of convergence). */
  iterations: number[];
}

export function seamlessClone(face: Image, original: Image, mask: Image, options: SeamlessOptions = DEFAULT_SEAMLESS): SeamlessResult {
  const { width, height, channels } = face;
  const out = new Float32Array(face.data);
  // Unknowns: the masked pixels, away from the square's edge.
  const slot = new Int32Array(width * height).fill(-1);
  const pixels: number[] = [];
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const p = y * width + x;
      if (mask.data[p]! > options.maskThreshold) {
        slot[p] = pixels.length;
        pixels.push(p);
      }
    }
  }
  const n = pixels.length;
  if (n === 0) return { image: { ...face, data: out }, iterations: [] };
  const offsets = [-1, 1, -width, width];
  // Neighbour slots per unknown (−1: a fixed boundary pixel).
  const neighbours = new Int32Array(n * 4);
  for (let k = 0; k < n; k++) for (let j = 0; j < 4; j++) neighbours[k * 4 + j] = slot[pixels[k]! + offsets[j]!]!;

  const apply = (v: Float64Array, result: Float64Array) => {
    for (let k = 0; k < n; k++) {
      let sum = 4 * v[k]!;
      for (let j = 0; j < 4; j++) {
        const q = neighbours[k * 4 + j]!;
        if (q >= 0) sum -= v[q]!;
      }
      result[k] = sum;
    }
  };

  const iterations: number[] = [];
  const rhs = new Float64Array(n);
  const x = new Float64Array(n);
  const r = new Float64Array(n);
  const d = new Float64Array(n);
  const q = new Float64Array(n);
  for (let c = 0; c < channels; c++) {
    const g = (p: number) => face.data[p * channels + c]!;
    for (let k = 0; k < n; k++) {
      const p = pixels[k]!;
      let b = 0;
      for (let j = 0; j < 4; j++) {
        const neighbour = p + offsets[j]!;
        b += g(p) - g(neighbour);
        if (neighbours[k * 4 + j]! < 0) b += original.data[neighbour * channels + c]!;
      }
      rhs[k] = b;
      x[k] = g(p);
    }
    apply(x, q);
    let rr = 0;
    let bb = 0;
    for (let k = 0; k < n; k++) {
      r[k] = rhs[k]! - q[k]!;
      d[k] = r[k]!;
      rr += r[k]! * r[k]!;
      bb += rhs[k]! * rhs[k]!;
    }
    const stop = options.tolerance * options.tolerance * Math.max(bb, 1e-12);
    let iteration = 0;
    while (iteration < options.maxIterations && rr > stop) {
      apply(d, q);
      let dq = 0;
      for (let k = 0; k < n; k++) dq += d[k]! * q[k]!;
      const alpha = rr / dq;
      let next = 0;
      for (let k = 0; k < n; k++) {
        x[k]! += alpha * d[k]!;
        r[k]! -= alpha * q[k]!;
        next += r[k]! * r[k]!;
      }
      const beta = next / rr;
      for (let k = 0; k < n; k++) d[k] = r[k]! + beta * d[k]!;
      rr = next;
      iteration++;
    }
    iterations.push(iteration);
    for (let k = 0; k < n; k++) {
      const v = x[k]!;
      out[pixels[k]! * channels + c] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return { image: { ...face, data: out }, iterations };
}
