/**
 * faceswap's ICNR initializer (lib/model/initializers.py, Aitken et al. 2017,
 * https://arxiv.org/abs/1707.02937) for the convolution before a pixel shuffle of `scale`: it draws
 * a kernel with 1/scale² of the output channels from the wrapped initializer and repeats it so
 * that, after the shuffle, every scale×scale cell of the output starts as one value (no
 * checkerboard). faceswap resizes (nearest) and applies space-to-depth, which puts base channel k
 * at channels (i·scale + j)·C + k: the same as tiling along the channel axis, and the order
 * PixelShuffle reads them in.
 */
import { tf } from '../tf.js';

type InitializerLike = ReturnType<typeof tf.initializers.heUniform>;
// tfjs-layers accepts only instances of its Initializer class, which it does not export by name.
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as new () => InitializerLike;

export class Icnr extends InitializerBase {
  static className = 'ICNR';

  constructor(readonly initializer: InitializerLike, readonly scale = 2) {
    super();
  }

  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    const groups = this.scale * this.scale;
    if (this.scale === 1) return this.initializer.apply(shape, dtype);
    const out = shape[3]!;
    if (shape.length !== 4 || out % groups !== 0) throw new Error(`ICNR needs a conv kernel whose output channels divide by ${groups}, got [${shape.join(', ')}]`);
    return tf.tidy(() => tf.tile(this.initializer.apply([shape[0]!, shape[1]!, shape[2]!, out / groups], dtype), [1, 1, 1, groups]));
  }

  override getClassName(): string {
    return Icnr.className;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { scale: this.scale, initializer: { className: this.initializer.getClassName(), config: this.initializer.getConfig() } };
  }
}
