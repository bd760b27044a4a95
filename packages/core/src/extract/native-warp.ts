/**
 * backend-native's kernel for the aligned-face warp (warp.cc), when its addon loads: the JS warp
 * takes 38 ms for a 512 px face from a 1080p frame (4 samples a pixel), which made the face
 * writers the bottleneck of a tracked 1080p extraction. It computes the same bytes (tested). Core
 * does not depend on backend-native: without it, or on a machine where the addon did not build,
 * the JS warp runs.
 */
import type { RgbPixels } from '../image/rgb-pixels.js';

interface WarpAddon {
  warpFaceRgb8(source: Uint8Array, width: number, height: number, inverse: readonly number[], k: number, out: Uint8Array, outWidth: number, outHeight: number): void;
}

let addon: WarpAddon | null | undefined;

/** Loads the kernel once per thread (each face writer's worker calls it too); false when only the JS warp is there. */
export async function useNativeWarp(): Promise<boolean> {
  if (addon === undefined) {
    try {
      const { loadAddon } = (await import('@faceforge/backend-native/addon' as string)) as { loadAddon: () => { addon: Partial<WarpAddon> | null } };
      const loaded = loadAddon().addon;
      addon = typeof loaded?.warpFaceRgb8 === 'function' ? (loaded as WarpAddon) : null;
    } catch {
      addon = null;
    }
  }
  return addon !== null;
}

/** The warp through the native kernel, or undefined when it is not loaded in this thread. */
export function nativeWarpFace(frame: RgbPixels, inverse: readonly number[], k: number, size: number): RgbPixels | undefined {
  if (!addon) return undefined;
  const out = new Uint8Array(size * size * 3);
  addon.warpFaceRgb8(frame.data, frame.width, frame.height, inverse, k, out, size, size);
  return { width: size, height: size, data: out };
}
