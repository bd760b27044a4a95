/**
 * U²-Net's `_upsample_like`: torch's bilinear upsampling with align_corners=False. tfjs's
 * resizeBilinear gets that forward (halfPixelCenters) but its gradient ignores the flag on every
 * backend, so it is written as two matrix products, out = U_h · x · U_wᵀ, whose gradients are
 * matrix products too: exact on every backend.
 */
import { tf } from '@faceforge/core';

/** Cached interpolation matrices by "from→to": built once per size pair. */
const matrices = new Map<string, tf.Tensor2D>();

/**
 * The [to, from] matrix of torch's 1-D bilinear resize: output i reads the source at
 * (i + ½)·from/to − ½, clamped at 0, between its two neighbours (the last one repeated at the edge).
 */
export function interpolationMatrix(from: number, to: number): Float32Array {
  const weights = new Float32Array(to * from);
  const scale = from / to;
  for (let i = 0; i < to; i++) {
    const source = Math.max(0, (i + 0.5) * scale - 0.5);
    const low = Math.min(Math.floor(source), from - 1);
    const high = Math.min(low + 1, from - 1);
    const fraction = source - low;
    weights[i * from + low]! += 1 - fraction;
    weights[i * from + high]! += fraction;
  }
  return weights;
}

function matrixFor(from: number, to: number): tf.Tensor2D {
  const key = `${from}→${to}`;
  let matrix = matrices.get(key);
  // A cached tensor dies with a backend switch (tests change backends): rebuild it then.
  if (!matrix || matrix.isDisposed) {
    matrix = tf.keep(tf.tensor2d(interpolationMatrix(from, to), [to, from]));
    matrices.set(key, matrix);
  }
  return matrix;
}

/**
 * `x` [N, H, W, C] → [N, height, width, C], as torch.nn.functional.interpolate(bilinear, align_corners=False).
 * Each pass brings the resized axis to the front and does one plain 2-D product (broadcast batched
 * products are slow on wasm).
 */
export function resizeBilinearTorch(x: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (h === height && w === width) return x;
  // rows: [H, N·W·C] → [height, N·W·C]
  const rows = tf.matMul(matrixFor(h, height), tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [h, n * w * c]));
  // columns: [W, height·N·C] → [width, height·N·C]
  const columnsFirst = tf.transpose(tf.reshape(rows, [height, n, w, c]), [2, 0, 1, 3]);
  const columns = tf.matMul(matrixFor(w, width), tf.reshape(columnsFirst, [w, height * n * c]));
  return tf.transpose(tf.reshape(columns, [width, height, n, c]), [2, 1, 0, 3]);
}

/** torch's `_upsample_like(src, tar)`: `x` resized to the height and width of `like`. */
export function upsampleLike(x: tf.Tensor4D, like: tf.Tensor4D): tf.Tensor4D {
  return resizeBilinearTorch(x, like.shape[1], like.shape[2]);
}
