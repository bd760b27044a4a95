/** Geometry of a 2-D NHWC convolution, as far as im2col needs it. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  outHeight: number;
  outWidth: number;
}

/** Takes the fields we need from tfjs' `computeConv2DInfo` result. */
export function geometryFromConvInfo(info: {
  batchSize: number; inHeight: number; inWidth: number; inChannels: number; filterHeight: number; filterWidth: number;
  strideHeight: number; strideWidth: number; outHeight: number; outWidth: number; padInfo: { top: number; left: number };
}): ConvGeometry {
  return {
    batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels,
    filterHeight: info.filterHeight, filterWidth: info.filterWidth, strideHeight: info.strideHeight, strideWidth: info.strideWidth,
    padTop: info.padInfo.top, padLeft: info.padInfo.left, outHeight: info.outHeight, outWidth: info.outWidth,
  };
}

// 16 M floats (64 MB) per column buffer: large layers are processed in batch slices so the
// buffer stays well inside wasm's 4 GiB heap, which the probe saw filled by weights and Adam state.
let chunkElements = 1 << 24;

/** Upper bound (in floats) on one im2col buffer; the batch is split into slices to respect it. */
export function setIm2colChunkElements(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`im2col chunk size must be a positive integer, got ${n}`);
  chunkElements = n;
}

/** Batch ranges [start, end) whose column buffers each stay under the chunk limit (at least one item each). */
export function planBatchSlices(g: ConvGeometry): Array<[number, number]> {
  const perItem = g.filterHeight * g.filterWidth * g.inChannels * g.outHeight * g.outWidth;
  const step = Math.max(1, Math.floor(chunkElements / Math.max(1, perItem)));
  const slices: Array<[number, number]> = [];
  for (let n = 0; n < g.batch; n += step) slices.push([n, Math.min(g.batch, n + step)]);
  return slices;
}

/**
 * Fills `out` with the transposed patch matrix of x[n0..n1) as [K, M] row-major, where
 * K = filterHeight*filterWidth*inChannels (ordered kh, kw, c like an HWIO filter) and
 * M = (n1-n0)*outHeight*outWidth (ordered n, oh, ow like NHWC dy). Then dW = cols · dy
 * is a plain [K,M]×[M,CO] matmul with no transposes, the fast path on every backend.
 * Loop order keeps one input row in cache while all channels are written out contiguously.
 */
export function im2colTransposed(x: Float32Array, g: ConvGeometry, n0: number, n1: number, out: Float32Array): void {
  const { inHeight: H, inWidth: W, inChannels: C, filterHeight: KH, filterWidth: KW, outHeight: OH, outWidth: OW } = g;
  const M = (n1 - n0) * OH * OW;
  if (out.length < KH * KW * C * M) throw new RangeError('im2col output buffer too small');
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const kBase = (kh * KW + kw) * C;
      for (let n = n0; n < n1; n++) {
        for (let oh = 0; oh < OH; oh++) {
          const m0 = ((n - n0) * OH + oh) * OW;
          const ih = oh * g.strideHeight - g.padTop + kh;
          if (ih < 0 || ih >= H) {
            for (let c = 0; c < C; c++) out.fill(0, (kBase + c) * M + m0, (kBase + c) * M + m0 + OW);
            continue;
          }
          const rowBase = (n * H + ih) * W * C;
          for (let c = 0; c < C; c++) {
            const o = (kBase + c) * M + m0;
            let iw = kw - g.padLeft;
            for (let ow = 0; ow < OW; ow++, iw += g.strideWidth) {
              out[o + ow] = iw >= 0 && iw < W ? x[rowBase + iw * C + c] : 0;
            }
          }
        }
      }
    }
  }
}
