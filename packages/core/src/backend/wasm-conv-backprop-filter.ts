import * as tf from '@tensorflow/tfjs';
import { patchKernel, type KernelArgs } from './patch-kernel.js';
import { free, wasmOp, type WasmBackend } from './wasm-backend.js';
import { geometryFromConvInfo, im2colTransposed, planBatchSlices, type ConvGeometry } from './im2col.js';

type BpfAttrs = tf.Conv2DBackpropFilterAttrs;

function convInfo(x: tf.TensorInfo, attrs: BpfAttrs) {
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
  return tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape,
    attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
}

/**
 * dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·s−pt+kh, ow·s−pl+kw, ci] · dy[n,oh,ow,co] is itself a
 * convolution: batch = ci, channels = n, "filter" = dy with dilation = stride. That runs on XNNPACK.
 * It needs the bottom/right padding KH+(OH−1)·s−H−pt to be ≥ 0; it is negative when the forward conv
 * never reached the last input rows (e.g. 'valid' with a remainder) — those cases use im2col.
 */
function viaDilatedConv(backend: WasmBackend, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeometry, padBottom: number, padRight: number): tf.TensorInfo {
  const xt = wasmOp(backend, 'Transpose', { x }, { perm: [3, 1, 2, 0] }); // [C,H,W,N]
  const dyt = wasmOp(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [OH,OW,N,CO]
  let r: tf.TensorInfo;
  try {
    r = wasmOp(backend, 'Conv2D', { x: xt, filter: dyt }, {
      strides: [1, 1], pad: [[0, 0], [g.padTop, padBottom], [g.padLeft, padRight], [0, 0]],
      dataFormat: 'NHWC', dilations: [g.strideHeight, g.strideWidth],
    }); // [C,KH,KW,CO]
  } finally {
    free(backend, xt, dyt);
  }
  const out = wasmOp(backend, 'Transpose', { x: r }, { perm: [1, 2, 0, 3] }); // [KH,KW,C,CO]
  free(backend, r);
  return out;
}

/** dW = cols[K,M] · dy[M,CO] with an explicit patch matrix, batch-sliced to bound the buffer. */
function viaIm2col(backend: WasmBackend, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeometry, filterShape: number[]): tf.TensorInfo {
  const CO = filterShape[3];
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const perItem = g.outHeight * g.outWidth;
  const slices = planBatchSlices(g);
  let acc: tf.TensorInfo | undefined;
  for (const [n0, n1] of slices) {
    const M = (n1 - n0) * perItem;
    const cols = backend.makeOutput([1, K, M], 'float32');
    const dyc = backend.makeOutput([1, M, CO], 'float32');
    // Views are fetched after allocating: heap growth detaches older views.
    im2colTransposed(backend.typedArrayFromHeap(x), g, n0, n1, backend.typedArrayFromHeap(cols));
    backend.typedArrayFromHeap(dyc).set(backend.typedArrayFromHeap(dy).subarray(n0 * perItem * CO, n1 * perItem * CO));
    let prod: tf.TensorInfo;
    try {
      prod = wasmOp(backend, 'BatchMatMul', { a: cols, b: dyc }, { transposeA: false, transposeB: false });
    } finally {
      free(backend, cols, dyc);
    }
    if (!acc) { acc = prod; continue; }
    const sum = backend.typedArrayFromHeap(acc), part = backend.typedArrayFromHeap(prod);
    for (let i = 0; i < sum.length; i++) sum[i] += part[i];
    free(backend, prod);
  }
  return { dataId: acc!.dataId, shape: filterShape, dtype: 'float32' };
}

/** The kernel wasm lacks (tfjs 4.22 throws "Kernel 'Conv2DBackpropFilter' not registered"). */
export function wasmConv2DBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as BpfAttrs;
  const g = geometryFromConvInfo(convInfo(x, attrs));
  const padBottom = g.filterHeight + (g.outHeight - 1) * g.strideHeight - g.inHeight - g.padTop;
  const padRight = g.filterWidth + (g.outWidth - 1) * g.strideWidth - g.inWidth - g.padLeft;
  if (padBottom >= 0 && padRight >= 0) return viaDilatedConv(backend, x, dy, g, padBottom, padRight);
  return viaIm2col(backend, x, dy, g, [...attrs.filterShape]);
}

export function installWasmConv2DBackpropFilter(): void {
  patchKernel('Conv2DBackpropFilter', 'wasm', () => wasmConv2DBackpropFilter);
}
