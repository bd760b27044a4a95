/**
 * U²-Net small (U2NETP, peers.md §4): six encoder stages RSU7, RSU6, RSU5, RSU4, RSU4F, RSU4F with
 * a max-pool between them, five decoder stages RSU4F, RSU4, RSU5, RSU6, RSU7 on [upsampled, skip]
 * concatenations, channels (in, 16, 64) everywhere; a 3×3 side output on each decoder stage and on
 * the deepest encoder stage, upsampled to the input size, and a 1×1 conv fusing the six into d0.
 * forward() returns the seven maps as logits (d0 first); a sigmoid of each is the reference output.
 * Any input size works (pooling rounds up, upsampling goes to the skip's size, as the reference);
 * the reference trains and predicts at 320.
 */
import { tf } from '@faceforge/core';
import { ParameterStore, type ConvParameters } from './parameter-store.js';
import { Rsu, Rsu4F, maxPool2, type RsuStage } from './rsu-block.js';
import { type ForwardMode } from './rebnconv.js';
import { resizeBilinearTorch, upsampleLike } from './upsample-bilinear.js';

const MID = 16;
const OUT = 64;

/** ImageNet statistics, applied after scaling each image by its maximum (the reference's ToTensorLab). */
const MEAN_RGB = [0.485, 0.456, 0.406];
const STD_RGB = [0.229, 0.224, 0.225];

export class U2NetP {
  readonly store: ParameterStore;
  private readonly encoder: RsuStage[];
  private readonly decoder: RsuStage[];
  /** side1 .. side6. */
  private readonly sides: ConvParameters[] = [];
  private readonly fuse: ConvParameters;

  constructor(seed: number) {
    const store = (this.store = new ParameterStore(seed));
    this.encoder = [
      new Rsu(store, 'stage1', 7, 3, MID, OUT),
      new Rsu(store, 'stage2', 6, OUT, MID, OUT),
      new Rsu(store, 'stage3', 5, OUT, MID, OUT),
      new Rsu(store, 'stage4', 4, OUT, MID, OUT),
      new Rsu4F(store, 'stage5', OUT, MID, OUT),
      new Rsu4F(store, 'stage6', OUT, MID, OUT),
    ];
    // stage1d .. stage5d: the decoder stage at level i mirrors encoder stage i
    this.decoder = [
      new Rsu(store, 'stage1d', 7, OUT * 2, MID, OUT),
      new Rsu(store, 'stage2d', 6, OUT * 2, MID, OUT),
      new Rsu(store, 'stage3d', 5, OUT * 2, MID, OUT),
      new Rsu(store, 'stage4d', 4, OUT * 2, MID, OUT),
      new Rsu4F(store, 'stage5d', OUT * 2, MID, OUT),
    ];
    for (let i = 1; i <= 6; i++) this.sides.push(store.conv(`side${i}`, 3, OUT, 1));
    this.fuse = store.conv('outconv', 1, 6, 1);
  }

  /** RGB in 0..1 → the network's input: scaled by each image's maximum, then ImageNet-normalised. */
  static normaliseInput(faces: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const maximum = tf.maximum(tf.max(faces, [1, 2, 3], true), 1e-6);
      return tf.div(tf.sub(tf.div(faces, maximum), MEAN_RGB), STD_RGB) as tf.Tensor4D;
    });
  }

  /** The seven maps [d0 (fused), d1 .. d6] as logits, each [N, H, W, 1] at the input size. */
  forward(input: tf.Tensor4D, mode: ForwardMode): tf.Tensor4D[] {
    const [, height, width] = input.shape;
    // For prediction each stage frees its own intermediates (at 320 px they are hundreds of MB);
    // training keeps them, the gradients need them.
    const run = (stage: RsuStage, x: () => tf.Tensor4D | tf.Tensor4D[]) => (mode.training ? stage.apply(x(), mode) : tf.tidy(() => stage.apply(x(), mode)));
    // encoder: hx1 .. hx6
    const encoded: tf.Tensor4D[] = [];
    for (const [i, stage] of this.encoder.entries()) encoded.push(run(stage, () => (i === 0 ? input : maxPool2(encoded[i - 1]!))));
    // decoder: hx5d .. hx1d, from hx6 upward
    const decoded: tf.Tensor4D[] = new Array(5);
    let below = encoded[5]!;
    for (let level = 5; level >= 1; level--) {
      const skip = encoded[level - 1]!;
      const deeper = below;
      below = run(this.decoder[level - 1]!, () => [upsampleLike(deeper, skip), skip]);
      decoded[level - 1] = below;
    }
    // side outputs: d1 from hx1d at full size, ..., d5 from hx5d, d6 from hx6, each upsampled to the input
    const sources = [...decoded, encoded[5]!];
    const sides = sources.map((source, i) => {
      const { kernel, bias } = this.sides[i]!;
      return resizeBilinearTorch(tf.add(tf.conv2d(source, kernel, 1, 'same'), bias) as tf.Tensor4D, height, width);
    });
    const fused = tf.add(tf.conv2d(tf.concat(sides, 3), this.fuse.kernel, 1, 'valid'), this.fuse.bias) as tf.Tensor4D;
    return [fused, ...sides];
  }

  dispose(): void {
    this.store.dispose();
  }
}
