/**
 * Preview pictures: for fixed faces of A and B, the original, the reconstruction through its own
 * decoder and the swap through the other one (faceswap's `A | A > A | A > B` layout).
 */
import { join } from 'node:path';
import { tf } from '../tf.js';
import type { Image } from '../data/image.js';
import type { FaceSwapModel, Side } from '../model/face-swap-model.js';
import { renderPreview, type PreviewColumns } from '../monitor/preview.js';
import { writeFileAtomic } from '../io/atomic.js';

export function tensorToImages(batch: tf.Tensor4D): Image[] {
  const [n, height, width, channels] = batch.shape;
  const data = batch.dataSync() as Float32Array;
  const size = height * width * channels;
  return Array.from({ length: n }, (_, i) => ({ width, height, channels, data: data.slice(i * size, (i + 1) * size) }));
}

export function stackImages(images: Image[], size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const { width, height, channels } = images[0]!;
    const data = new Float32Array(images.length * width * height * channels);
    images.forEach((image, i) => data.set(image.data, i * image.data.length));
    const batch = tf.tensor4d(data, [images.length, height, width, channels]);
    return height === size ? batch : tf.image.resizeBilinear(batch, [size, size], true);
  });
}

/** Runs `faces` through the model: original (at output size), own decoder, other decoder. */
export function previewColumns(model: FaceSwapModel, faces: Image[], side: Side): PreviewColumns {
  const other: Side = side === 'a' ? 'b' : 'a';
  let columns: PreviewColumns | undefined;
  tf.tidy(() => {
    const input = stackImages(faces, model.inputSize);
    const own = model.forward(input, side, false);
    const swap = model.forward(input, other, false);
    columns = {
      original: tensorToImages(stackImages(faces, model.outputSize)),
      reconstruction: tensorToImages(own.face),
      swap: tensorToImages(swap.face),
      mask: own.mask ? tensorToImages(own.mask) : undefined,
    };
  });
  return columns!;
}

export async function renderModelPreview(model: FaceSwapModel, facesA: Image[], facesB: Image[], title: string): Promise<Buffer> {
  return renderPreview({ a: previewColumns(model, facesA, 'a'), b: previewColumns(model, facesB, 'b'), title });
}

/** Writes previews/preview_<iteration>.png and previews/latest.png. Returns the latter's path. */
export async function writeModelPreview(modelDir: string, iteration: number, png: Buffer): Promise<string> {
  const dir = join(modelDir, 'previews');
  await writeFileAtomic(join(dir, `preview_${String(iteration).padStart(7, '0')}.png`), png);
  const latest = join(dir, 'latest.png');
  await writeFileAtomic(latest, png);
  return latest;
}
