import * as tf from '@tensorflow/tfjs';
import { hasFusedKernel } from './fused-kernels.js';

/**
 * The MirrorPad gradient (ReflectionPadding2D, [global] reflect_padding). tfjs 4.22's own gradient
 * slices the centre out of dy and drops the borders; but every border element is a copy of an
 * input element, so its gradient belongs to that element too, as TensorFlow's MirrorPadGrad (what
 * faceswap trains with) adds it. Here: dx = centre of dy + each border of dy mirrored back onto the
 * elements it copied, axis by axis.
 *
 * FaceforgeMirrorPadGrad — the same in one kernel, for backends that register it.
 * inputs: dy (the padded shape)    attrs: paddings ([before, after] per axis), mode ('reflect' | 'symmetric')
 * output: dx (dy's shape less the paddings)
 */
export const FUSED_MIRROR_PAD_GRAD = 'FaceforgeMirrorPadGrad';

/** The gradient from tfjs ops (slice, reverse, pad, add), which every backend has. */
export function mirrorPadGradient(dy: tf.Tensor, paddings: ReadonlyArray<readonly [number, number]>, mode: 'reflect' | 'symmetric'): tf.Tensor {
  const symmetric = mode === 'symmetric' ? 1 : 0;
  return tf.tidy(() => {
    let g = dy;
    paddings.forEach(([before, after], axis) => {
      if (before === 0 && after === 0) return;
      const n = g.shape[axis]! - before - after;
      const along = (start: number, length: number) => tf.slice(g, g.shape.map((_, i) => (i === axis ? start : 0)), g.shape.map((d, i) => (i === axis ? length : d)));
      const padAxis = (t: tf.Tensor, lead: number, trail: number) => tf.pad(t, t.shape.map((_, i) => (i === axis ? [lead, trail] : [0, 0]) as [number, number]));
      let folded = along(before, n);
      // before border p (0 ≤ p < before) copied input index before − p − symmetric: reversed, it starts at 1 − symmetric
      if (before > 0) folded = tf.add(folded, padAxis(tf.reverse(along(0, before), axis), 1 - symmetric, n - before - 1 + symmetric));
      // after border q (0 ≤ q < after) copied input index n − 2 − q + symmetric: reversed, it ends at n − 2 + symmetric
      if (after > 0) folded = tf.add(folded, padAxis(tf.reverse(along(before + n, after), axis), n - 1 - after + symmetric, 1 - symmetric));
      g = folded;
    });
    return g === dy ? tf.clone(dy) : g;
  });
}

/** Registers the MirrorPad gradient: the fused kernel where the active backend has it, else the tfjs ops. */
export function registerMirrorPadGradient(): void {
  tf.registerGradient({
    kernelName: 'MirrorPad',
    inputsToSave: [],
    gradFunc: (dy, _saved, attrs) => {
      const { paddings, mode } = attrs as unknown as tf.MirrorPadAttrs;
      const g = dy as tf.Tensor;
      return {
        x: () => hasFusedKernel(FUSED_MIRROR_PAD_GRAD) && g.dtype === 'float32'
          ? (tf.engine().runKernel(FUSED_MIRROR_PAD_GRAD, { dy: g }, { paddings, mode } as unknown as tf.NamedAttrMap) as tf.Tensor)
          : mirrorPadGradient(g, paddings, mode),
      };
    },
  });
}
