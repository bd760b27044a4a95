import { tf } from '@faceforge/core';

// Padding built from slice/reverse/concat rather than tf.mirrorPad: tfjs's MirrorPad gradient only
// slices the centre and drops the gradient that flows through the mirrored border pixels.

type EdgeMode = 'reflect' | 'replicate';

function padAxis(x: tf.Tensor4D, axis: 1 | 2, before: number, after: number, mode: EdgeMode): tf.Tensor4D {
  if (before === 0 && after === 0) return x;
  const length = x.shape[axis];
  if (mode === 'reflect' && (before >= length || after >= length)) {
    throw new Error(`reflect padding of ${Math.max(before, after)} needs a dimension larger than that (got ${length})`);
  }
  const take = (start: number, size: number): tf.Tensor4D => {
    const begin = [0, 0, 0, 0];
    const sizes = [-1, -1, -1, -1];
    begin[axis] = start;
    sizes[axis] = size;
    return tf.slice(x, begin, sizes);
  };
  const parts: tf.Tensor4D[] = [];
  if (before > 0) {
    parts.push(mode === 'reflect' ? tf.reverse(take(1, before), axis) : tf.concat(Array(before).fill(take(0, 1)), axis));
  }
  parts.push(x);
  if (after > 0) {
    parts.push(
      mode === 'reflect'
        ? tf.reverse(take(length - 1 - after, after), axis)
        : tf.concat(Array(after).fill(take(length - 1, 1)), axis),
    );
  }
  return tf.concat(parts, axis);
}

/** Reflect (mirror without repeating the edge) padding of H and W, like torch `reflect`. */
export function reflectPad(x: tf.Tensor4D, size: number): tf.Tensor4D {
  return padAxis(padAxis(x, 1, size, size, 'reflect'), 2, size, size, 'reflect');
}

/** Edge-replicating padding of H and W, like torch `replicate`. */
export function replicatePad(x: tf.Tensor4D, size: number): tf.Tensor4D {
  return padAxis(padAxis(x, 1, size, size, 'replicate'), 2, size, size, 'replicate');
}

/** Repeats the last row/column where H or W is odd so a 2×2 pool loses nothing (TF ssim_multiscale). */
export function padToEven(x: tf.Tensor4D): tf.Tensor4D {
  return padAxis(padAxis(x, 1, 0, x.shape[1] % 2, 'replicate'), 2, 0, x.shape[2] % 2, 'replicate');
}
