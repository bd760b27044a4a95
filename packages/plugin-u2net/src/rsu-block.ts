/**
 * The ReSidual U-blocks (peers.md §4). RSU-L is a small U-Net of depth L inside a residual
 * connection: an input REBNCONV, L − 1 encoder REBNCONVs with a 2×2 max-pool between them, a
 * dilation-2 REBNCONV at the bottom, decoder REBNCONVs on [upsampled, skip] concatenations, and
 * output = U-Net(x) + input-conv(x). RSU-4F keeps the resolution: dilations 1, 2, 4, 8 replace
 * the pooling. Module names follow the reference (rebnconvin, rebnconv1, ..., rebnconv1d).
 */
import { tf } from '@faceforge/core';
import { ReBnConv, type ForwardMode } from './rebnconv.js';
import type { ParameterStore } from './parameter-store.js';
import { upsampleLike } from './upsample-bilinear.js';

/** nn.MaxPool2d(2, stride=2, ceil_mode=True): TF's 'same' pooling pads at the end and ignores the padding. */
export function maxPool2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.maxPool(x, 2, 2, 'same');
}

/** A U²-Net stage: RSU-L or RSU-4F. */
export interface RsuStage {
  /** `x`: the input, or the parts whose channel concatenation is the input. */
  apply(x: tf.Tensor4D | readonly tf.Tensor4D[], mode: ForwardMode): tf.Tensor4D;
}

/** RSU-L for L = 4..7 (RSU7, RSU6, RSU5, RSU4). */
export class Rsu implements RsuStage {
  private readonly input: ReBnConv;
  /** rebnconv1 .. rebnconv(L−1). */
  private readonly encoders: ReBnConv[] = [];
  /** rebnconvL, dilation 2. */
  private readonly bottom: ReBnConv;
  /** rebnconv1d .. rebnconv(L−1)d, index i − 1 for level i. */
  private readonly decoders: ReBnConv[] = [];

  constructor(store: ParameterStore, key: string, readonly depth: number, inChannels: number, midChannels: number, outChannels: number) {
    if (depth < 4 || depth > 7) throw new Error(`RSU depth must be 4..7, got ${depth}`);
    this.input = new ReBnConv(store, `${key}.rebnconvin`, inChannels, outChannels);
    for (let level = 1; level < depth; level++) {
      this.encoders.push(new ReBnConv(store, `${key}.rebnconv${level}`, level === 1 ? outChannels : midChannels, midChannels));
    }
    this.bottom = new ReBnConv(store, `${key}.rebnconv${depth}`, midChannels, midChannels, 2);
    for (let level = 1; level < depth; level++) {
      this.decoders.push(new ReBnConv(store, `${key}.rebnconv${level}d`, midChannels * 2, level === 1 ? outChannels : midChannels));
    }
  }

  apply(x: tf.Tensor4D | readonly tf.Tensor4D[], mode: ForwardMode): tf.Tensor4D {
    const input = this.input.apply(x, mode);
    // hx1 .. hx(L−1); a pool before every level but the first
    const skips: tf.Tensor4D[] = [];
    for (const [i, encoder] of this.encoders.entries()) skips.push(encoder.apply(i === 0 ? input : maxPool2(skips[i - 1]!), mode));
    const deepest = skips[skips.length - 1]!;
    let decoded = this.decoders[this.depth - 2]!.apply([this.bottom.apply(deepest, mode), deepest], mode);
    for (let level = this.depth - 2; level >= 1; level--) {
      const skip = skips[level - 1]!;
      decoded = this.decoders[level - 1]!.apply([upsampleLike(decoded, skip), skip], mode);
    }
    return tf.add(decoded, input);
  }
}

/** RSU-4F: no pooling; dilations 1, 2, 4, 8 down and 4, 2, 1 up. */
export class Rsu4F implements RsuStage {
  private readonly input: ReBnConv;
  private readonly encoders: ReBnConv[];
  private readonly bottom: ReBnConv;
  private readonly decoders: ReBnConv[];

  constructor(store: ParameterStore, key: string, inChannels: number, midChannels: number, outChannels: number) {
    this.input = new ReBnConv(store, `${key}.rebnconvin`, inChannels, outChannels);
    this.encoders = [
      new ReBnConv(store, `${key}.rebnconv1`, outChannels, midChannels, 1),
      new ReBnConv(store, `${key}.rebnconv2`, midChannels, midChannels, 2),
      new ReBnConv(store, `${key}.rebnconv3`, midChannels, midChannels, 4),
    ];
    this.bottom = new ReBnConv(store, `${key}.rebnconv4`, midChannels, midChannels, 8);
    this.decoders = [
      new ReBnConv(store, `${key}.rebnconv1d`, midChannels * 2, outChannels, 1),
      new ReBnConv(store, `${key}.rebnconv2d`, midChannels * 2, midChannels, 2),
      new ReBnConv(store, `${key}.rebnconv3d`, midChannels * 2, midChannels, 4),
    ];
  }

  apply(x: tf.Tensor4D | readonly tf.Tensor4D[], mode: ForwardMode): tf.Tensor4D {
    const input = this.input.apply(x, mode);
    const skips: tf.Tensor4D[] = [];
    for (const [i, encoder] of this.encoders.entries()) skips.push(encoder.apply(i === 0 ? input : skips[i - 1]!, mode));
    let decoded = this.bottom.apply(skips[2]!, mode);
    for (let level = 3; level >= 1; level--) decoded = this.decoders[level - 1]!.apply([decoded, skips[level - 1]!], mode);
    return tf.add(decoded, input);
  }
}
