/** Packing faces and masks (core Images) into NHWC tensors, with optional mirroring per image. */
import { tf, type Image } from '@faceforge/core';

/** Stacks same-sized images into [N, H, W, C]; images whose `mirror` entry is true are flipped left-right. */
export function imagesToTensor(images: readonly Image[], mirror: readonly boolean[] = []): tf.Tensor4D {
  const { width, height, channels } = images[0]!;
  const data = new Float32Array(images.length * width * height * channels);
  images.forEach((image, n) => {
    if (image.width !== width || image.height !== height || image.channels !== channels) {
      throw new Error(`images of one batch must share a size: ${image.width}x${image.height}x${image.channels} vs ${width}x${height}x${channels}`);
    }
    const base = n * width * height * channels;
    if (!mirror[n]) {
      data.set(image.data, base);
      return;
    }
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const from = (y * width + (width - 1 - x)) * channels;
        const to = base + (y * width + x) * channels;
        for (let c = 0; c < channels; c++) data[to + c] = image.data[from + c]!;
      }
    }
  });
  return tf.tensor4d(data, [images.length, height, width, channels]);
}

/** [N, H, W, 1] → one 1-channel Image per entry. */
export async function tensorToMasks(masks: tf.Tensor4D): Promise<Image[]> {
  const [n, height, width] = masks.shape;
  const data = (await masks.data()) as Float32Array;
  const size = width * height;
  return Array.from({ length: n }, (_, i) => ({ width, height, channels: 1, data: data.slice(i * size, (i + 1) * size) }));
}
