/**
 * faceswap's ConvolutionAware initializer (lib/model/initializers.py, adapted from keras-contrib;
 * Aghajanyan 2017, https://arxiv.org/abs/1702.06295): convolution kernels orthogonal in Fourier
 * space. For a kernel [rows, cols, inputs, filters], per filter: draw ⌈inputs / size⌉ symmetric
 * Gaussian matrices of size = rows·(cols//2 + 1), take each one's singular vectors (for a symmetric
 * matrix: its eigenvectors by |eigenvalue|, largest first) as rows, keep the first `inputs` of
 * them as real Fourier coefficients, inverse-rFFT them to rows×cols kernels, add N(0, eps_std)
 * noise and scale the whole to variance 2 / fan_in. 1×1 kernels (size 1) are N(0, eps_std) noise
 * scaled the same way; other ranks fall back to he_uniform (faceswap: orthogonal for ranks it does
 * not handle, which conv kernels never are). The numbers come from a seeded generator, not numpy's,
 * so the draw differs from faceswap's, the construction does not.
 */
import { tf } from '../tf.js';
import { Rng } from '../util/rng.js';

type InitializerLike = ReturnType<typeof tf.initializers.heUniform>;
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as new () => InitializerLike;

/** Eigenvectors of a symmetric n×n matrix (row-major) by cyclic Jacobi rotations, as rows, ordered by |eigenvalue| descending. */
export function symmetricEigenvectors(matrix: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!, akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!, aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => Math.abs(a[j * n + j]!) - Math.abs(a[i * n + i]!));
  const rows = new Float64Array(n * n);
  order.forEach((col, row) => {
    for (let k = 0; k < n; k++) rows[row * n + k] = v[k * n + col]!;
  });
  return rows;
}

/**
 * numpy.fft.irfft2(coefficients, s=[rows, cols]) for real coefficients [rows, cols//2 + 1]
 * (imaginary parts zero): inverse FFT over rows, then the inverse real FFT over columns (the
 * imaginary part of the zero and, for even cols, the Nyquist column is dropped, as numpy does).
 */
export function inverseRealFft2(coefficients: Float64Array, rows: number, cols: number, out: Float64Array, outOffset = 0): void {
  const half = Math.floor(cols / 2) + 1;
  const re = new Float64Array(rows * half);
  const im = new Float64Array(rows * half);
  for (let m = 0; m < rows; m++) {
    for (let l = 0; l < half; l++) {
      let sr = 0, si = 0;
      for (let k = 0; k < rows; k++) {
        const angle = (2 * Math.PI * k * m) / rows;
        const x = coefficients[k * half + l]!;
        sr += x * Math.cos(angle);
        si += x * Math.sin(angle);
      }
      re[m * half + l] = sr / rows;
      im[m * half + l] = si / rows;
    }
  }
  const nyquist = cols % 2 === 0 ? cols / 2 : -1;
  for (let m = 0; m < rows; m++) {
    for (let n = 0; n < cols; n++) {
      let sum = re[m * half]!;
      for (let l = 1; l < half; l++) {
        const angle = (2 * Math.PI * l * n) / cols;
        const term = re[m * half + l]! * Math.cos(angle) - im[m * half + l]! * Math.sin(angle);
        sum += l === nyquist ? re[m * half + l]! * Math.cos(Math.PI * n) : 2 * term;
      }
      out[outOffset + m * cols + n] = sum / cols;
    }
  }
}

/** The kernel as faceswap computes it, in [rows, cols, inputs, filters] order. */
export function convolutionAwareKernel(shape: number[], seed: number, epsStd = 0.05): Float32Array {
  const [rows, cols, inputs, filters] = shape as [number, number, number, number];
  const rng = new Rng(seed);
  const half = Math.floor(cols / 2) + 1;
  const size = rows * half;
  const variance = 2 / (rows * cols * inputs);
  // init[filter][input][row][col]
  const init = new Float64Array(filters * inputs * rows * cols);
  const coefficients = new Float64Array(size);
  const matrix = new Float64Array(size * size);
  for (let f = 0; f < filters; f++) {
    let basis: Float64Array | undefined;
    for (let i = 0; i < inputs; i++) {
      if (size === 1) {
        coefficients[0] = rng.normal(0, epsStd);
      } else {
        const row = i % size; // row of the current bank of `size` orthonormal vectors
        if (row === 0) {
          for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) matrix[r * size + c] = rng.normal();
          // A + Aᵀ - diag(A)
          for (let r = 0; r < size; r++) {
            for (let c = r + 1; c < size; c++) {
              const sum = matrix[r * size + c]! + matrix[c * size + r]!;
              matrix[r * size + c] = sum;
              matrix[c * size + r] = sum;
            }
          }
          basis = symmetricEigenvectors(matrix, size);
        }
        coefficients.set(basis!.subarray(row * size, (row + 1) * size));
      }
      inverseRealFft2(coefficients, rows, cols, init, (f * inputs + i) * rows * cols);
    }
  }
  // numpy draws the noise after the bases; its order does not matter to the distribution
  for (let j = 0; j < init.length; j++) init[j] = init[j]! + rng.normal(0, epsStd);
  let mean = 0;
  for (const x of init) mean += x;
  mean /= init.length;
  let spread = 0;
  for (const x of init) spread += (x - mean) ** 2;
  const scale = Math.sqrt(variance / (spread / init.length));
  const kernel = new Float32Array(init.length);
  for (let f = 0; f < filters; f++) {
    for (let i = 0; i < inputs; i++) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          kernel[((r * cols + c) * inputs + i) * filters + f] = init[((f * inputs + i) * rows + r) * cols + c]! * scale;
        }
      }
    }
  }
  return kernel;
}

export class ConvolutionAware extends InitializerBase {
  static className = 'ConvolutionAware';

  constructor(readonly seed: number, readonly epsStd = 0.05) {
    super();
  }

  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (shape.length !== 4) return tf.initializers.heUniform({ seed: this.seed }).apply(shape, dtype);
    return tf.tensor(convolutionAwareKernel(shape, this.seed, this.epsStd), shape, dtype ?? 'float32');
  }

  override getClassName(): string {
    return ConvolutionAware.className;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { seed: this.seed, epsStd: this.epsStd };
  }
}
