import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The C++ addon's surface (src/addon.cc). Every function works in place on caller-allocated Float32Arrays. */
export interface NativeAddon {
  info(): { kernel: string; threads: number; winograd: boolean };
  setThreads(n: number): void;
  /** fp32 GFLOP/s measured by a register-only FMA loop on all threads for about `seconds`; 0 for the generic kernel. */
  measurePeak(seconds: number): number;
  /** Winograd 3x3 convolutions on or off (FACEFORGE_WINOGRAD=0 starts with them off). */
  setWinograd(enabled: boolean): void;
  /** Whether a convolution with these dims runs Winograd F(4x4, 3x3): its forward pass and filter gradient, or its input gradient. */
  usesWinograd(dims: number[], inputGradient: boolean): boolean;
  selectKernel(name: 'avx512' | 'avx2' | 'generic'): boolean;
  matmul(a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, n: number, k: number,
    transposeA: boolean, transposeB: boolean, strideA: number, strideB: number, bias: Float32Array | null, act: number, alpha: number): void;
  /** Convolutions take dims [N,H,W,C,KH,KW,CO,OH,OW,strideH,strideW,padTop,padLeft]; `depthwise`: filter [KH,KW,C,CO/C]. */
  conv2d(x: Float32Array, w: Float32Array, y: Float32Array, dims: number[], bias: Float32Array | null, act: number, alpha: number, depthwise: boolean): void;
  conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, dims: number[], depthwise: boolean): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, dims: number[], depthwise: boolean): void;
  /** dims as for conv2d, with CO = C and the window as the filter. */
  maxPool(x: Float32Array, y: Float32Array, dims: number[]): void;
  maxPoolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, dims: number[]): void;
  resizeBilinear(x: Float32Array, y: Float32Array, n: number, h: number, w: number, c: number, outH: number, outW: number,
    alignCorners: boolean, halfPixelCenters: boolean): void;
  /** Extraction's aligned-face warp of an 8-bit RGB frame (core's warpFace): `inverse` maps output to source pixels, k×k samples a pixel. */
  warpFaceRgb8(source: Uint8Array, width: number, height: number, inverse: readonly number[], k: number, out: Uint8Array, outWidth: number, outHeight: number): void;
  /** op: an ACT code (alpha: leaky slope) or a UNARY code (clip: alpha = min, beta = max; step: alpha below 0). */
  unary(op: number, x: Float32Array, y: Float32Array, alpha: number, beta: number): void;
  binary(op: number, a: Float32Array, b: Float32Array, y: Float32Array, n: number, mode: number, inner: number, alpha?: number): void;
  /** Any broadcast: aStrides/bStrides are per output axis, 0 where the operand repeats. */
  binaryBroadcast(op: number, a: Float32Array, b: Float32Array, y: Float32Array, shape: number[], aStrides: number[], bStrides: number[]): void;
  reduce(op: number, x: Float32Array, y: Float32Array, pre: number, red: number, post: number, scale: number): void;
  adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, po: Float32Array, mo: Float32Array, vo: Float32Array,
    lr: number, beta1: number, beta2: number, epsilon: number, step: number, adabelief: boolean): void;
  transpose(x: Float32Array, y: Float32Array, shape: number[], perm: number[]): void;
  /** Copies the box `region` at xBegin in x to yBegin in y; a number `fill` first sets all of y to it. */
  copyRegion(x: Float32Array, xShape: number[], xBegin: number[], y: Float32Array, yShape: number[], yBegin: number[], region: number[], fill: number | null): void;
  /** MirrorPad of x (shape) by before/after per axis into y; symmetric repeats the edge element, else reflect. */
  mirrorPad(x: Float32Array, shape: number[], before: number[], after: number[], symmetric: boolean, y: Float32Array): void;
  /** Its gradient: dy (the padded shape) summed back into dx (shape). */
  mirrorPadGrad(dy: Float32Array, shape: number[], before: number[], after: number[], symmetric: boolean, dx: Float32Array): void;
  greater(a: Float32Array, b: Float32Array, y: Uint8Array, n: number, mode: number, inner: number): void;
  select(condition: Uint8Array, a: Float32Array, b: Float32Array, y: Float32Array): void;
  /** Returns the whole pages of x's memory to the OS at once (x reads as zeros after): for arrays nothing reads again. */
  discard(x: Float32Array): void;
  rmsprop(p: Float32Array, g: Float32Array, ms: Float32Array, po: Float32Array, mso: Float32Array, lr: number, rho: number, epsilon: number): void;
}

/** Activation codes shared with kernels.h. */
export const ACT = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, tanh: 5 } as const;
/** unary() op codes beyond the activations (kernels.h). */
export const UNARY = { clip: 16, neg: 17, step: 18 } as const;
/** binary() op codes (kernels.h): prelu is a < 0 ? a·b : a; leakyReluGrad is b > 0 ? a : a·alpha. */
export const BINARY = { add: 0, sub: 1, mul: 2, div: 3, prelu: 4, leakyReluGrad: 5 } as const;
/** binary() broadcast modes (kernels.h): same shape, b or a a scalar, b or a repeating along the last axis. */
export const BROADCAST = { same: 0, scalarB: 1, scalarA: 2, rowB: 3, rowA: 4 } as const;

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ADDON_PATH = join(packageRoot, 'build', 'Release', 'faceforge_native.node');

export function loadAddon(): { addon: NativeAddon | null; reason: string } {
  if (!existsSync(ADDON_PATH)) {
    return { addon: null, reason: `${ADDON_PATH} is missing: build it with \`npm run build:native\` in packages/backend-native` };
  }
  try {
    const require = createRequire(import.meta.url);
    return { addon: require(ADDON_PATH) as NativeAddon, reason: '' };
  } catch (error) {
    return { addon: null, reason: `could not load ${ADDON_PATH}: ${(error as Error).message}` };
  }
}
