import { tf } from '@faceforge/core';
import { cachedConstant } from './constant-cache.js';

// The wasm backend has no FFT kernels, so the 2-D DFT is done as real matrix products:
// with W = C − iS (orthonormal cos/sin matrices, both symmetric), F = W_H·X·W_W gives
// Re F = C_H·X·C_W − S_H·X·S_W and Im F = −(S_H·X·C_W + C_H·X·S_W).

function dftMatrix(size: number, part: 'cos' | 'sin'): tf.Tensor2D {
  return cachedConstant(`dft-${part}:${size}`, () => {
    const values = new Float32Array(size * size);
    const scale = 1 / Math.sqrt(size);
    for (let k = 0; k < size; k++) {
      for (let m = 0; m < size; m++) {
        const angle = (2 * Math.PI * ((k * m) % size)) / size; // modulo keeps the angle accurate
        values[k * size + m] = (part === 'cos' ? Math.cos(angle) : Math.sin(angle)) * scale;
      }
    }
    return tf.tensor2d(values, [size, size]);
  });
}

export interface ComplexPlanes {
  real: tf.Tensor3D;
  imag: tf.Tensor3D;
}

/** Orthonormal 2-D DFT (numpy `norm="ortho"`) of each [H,W] plane of a [B,H,W] tensor. */
export function orthonormalDft2d(planes: tf.Tensor3D): ComplexPlanes {
  const [b, h, w] = planes.shape;
  const cosW = dftMatrix(w, 'cos');
  const sinW = dftMatrix(w, 'sin');
  const cosH = dftMatrix(h, 'cos');
  const sinH = dftMatrix(h, 'sin');
  const rows = tf.reshape(planes, [b * h, w]);
  // Transform along W, then lay the result out as [B*W, H] so the H transform is a right product too.
  const alongW = (matrix: tf.Tensor2D): tf.Tensor2D =>
    tf.reshape(tf.transpose(tf.reshape(tf.matMul(rows, matrix), [b, h, w]), [0, 2, 1]), [b * w, h]);
  const xCos = alongW(cosW);
  const xSin = alongW(sinW);
  const real = tf.sub(tf.matMul(xCos, cosH), tf.matMul(xSin, sinH)) as tf.Tensor2D;
  const imag = tf.neg(tf.add(tf.matMul(xCos, sinH), tf.matMul(xSin, cosH))) as tf.Tensor2D;
  const backToHw = (t: tf.Tensor2D): tf.Tensor3D => tf.transpose(tf.reshape(t, [b, w, h]), [0, 2, 1]);
  return { real: backToHw(real), imag: backToHw(imag) };
}
