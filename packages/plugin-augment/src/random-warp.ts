import { type Image, type Rng, remap } from '@faceforge/core';

const GRID_POINTS = 5;

/** faceswap's warp noise: σ = 5/256 of the processing size. */
export function defaultWarpSigma(size: number): number {
  return (5 / 256) * size;
}

/**
 * One axis of cv2.resize(INTER_LINEAR) from GRID_POINTS to `pad` samples (half-pixel centres,
 * clamped at the ends): the source index and weight for every output index.
 */
function resizeTaps(pad: number) {
  const lower = new Int32Array(pad);
  const upper = new Int32Array(pad);
  const weight = new Float32Array(pad);
  const scale = GRID_POINTS / pad;
  for (let i = 0; i < pad; i++) {
    let src = (i + 0.5) * scale - 0.5;
    if (src < 0) src = 0;
    const i0 = Math.min(Math.floor(src), GRID_POINTS - 1);
    lower[i] = i0;
    upper[i] = Math.min(i0 + 1, GRID_POINTS - 1);
    weight[i] = i0 === GRID_POINTS - 1 ? 0 : src - i0;
  }
  return { lower, upper, weight };
}

function blendControls(grid: Float32Array, r0: number, r1: number, c0: number, c1: number, wx: number, wy: number): number {
  const top = grid[r0 + c0]! + (grid[r0 + c1]! - grid[r0 + c0]!) * wx;
  const bottom = grid[r1 + c0]! + (grid[r1 + c1]! - grid[r1 + c0]!) * wx;
  return top + (bottom - top) * wy;
}

/**
 * faceswap's random-warp maps for a width×height image: a 5×5 grid of control points at
 * linspace(0, size, 5) on each axis, each displaced by N(0, σ), upscaled bilinearly to
 * pad = int(1.25·size) and cropped [pad//10 : −pad//10] to size. With σ = 0 the map is the
 * identity shifted by +½ px (a property of faceswap's grid), not an exact identity.
 */
export function randomWarpMaps(width: number, height: number, sigma: number, rng: Rng): { mapX: Float32Array; mapY: Float32Array } {
  const controlX = new Float32Array(GRID_POINTS * GRID_POINTS);
  const controlY = new Float32Array(GRID_POINTS * GRID_POINTS);
  // Draw order: all x displacements, then all y, as faceswap's (2, 5, 5) noise array.
  for (let gy = 0; gy < GRID_POINTS; gy++) {
    for (let gx = 0; gx < GRID_POINTS; gx++) {
      controlX[gy * GRID_POINTS + gx] = (gx * width) / (GRID_POINTS - 1) + (sigma > 0 ? rng.normal(0, sigma) : 0);
    }
  }
  for (let gy = 0; gy < GRID_POINTS; gy++) {
    for (let gx = 0; gx < GRID_POINTS; gx++) {
      controlY[gy * GRID_POINTS + gx] = (gy * height) / (GRID_POINTS - 1) + (sigma > 0 ? rng.normal(0, sigma) : 0);
    }
  }
  const padX = Math.floor(1.25 * width);
  const padY = Math.floor(1.25 * height);
  const cropX = Math.floor(padX / 10);
  const cropY = Math.floor(padY / 10);
  const tapsX = resizeTaps(padX);
  const tapsY = resizeTaps(padY);
  const mapX = new Float32Array(width * height);
  const mapY = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const py = y + cropY;
    const r0 = tapsY.lower[py]! * GRID_POINTS;
    const r1 = tapsY.upper[py]! * GRID_POINTS;
    const wy = tapsY.weight[py]!;
    for (let x = 0; x < width; x++) {
      const px = x + cropX;
      const c0 = tapsX.lower[px]!;
      const c1 = tapsX.upper[px]!;
      const wx = tapsX.weight[px]!;
      const i = y * width + x;
      mapX[i] = blendControls(controlX, r0, r1, c0, c1, wx, wy);
      mapY[i] = blendControls(controlY, r0, r1, c0, c1, wx, wy);
    }
  }
  return { mapX, mapY };
}

/**
 * faceswap's random warp of a training input. Sampling replicates the border where faceswap's
 * cv2.remap default pads with black; that black fringe is an artefact, not augmentation.
 */
export function randomWarp(image: Image, rng: Rng, sigma = defaultWarpSigma(Math.max(image.width, image.height))): Image {
  const { mapX, mapY } = randomWarpMaps(image.width, image.height, sigma, rng);
  return remap(image, mapX, mapY);
}
