import { createImage, type Image } from '../data/image.js';

/** A smooth, asymmetric RGB test image (gradients plus a low-frequency wave) in [0, 1]. */
export function smoothTestImage(width: number, height: number): Image {
  const image = createImage(width, height, 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      image.data[i] = x / (width - 1);
      image.data[i + 1] = y / (height - 1);
      image.data[i + 2] = 0.5 + 0.4 * Math.sin((2 * Math.PI * (x + 2 * y)) / width);
    }
  }
  return image;
}

/** 1-channel image with one bright pixel (or a small Gaussian dot when radius > 0). */
export function dotImage(width: number, height: number, cx: number, cy: number, radius = 0): Image {
  const image = createImage(width, height, 1);
  if (radius === 0) {
    image.data[Math.round(cy) * width + Math.round(cx)] = 1;
    return image;
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      image.data[y * width + x] = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * radius * radius));
    }
  }
  return image;
}

/** Intensity-weighted centre of channel 0. */
export function centroid(image: Image): [number, number] {
  let sum = 0, sx = 0, sy = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.data[(y * image.width + x) * image.channels]!;
      sum += v; sx += v * x; sy += v * y;
    }
  }
  return [sx / sum, sy / sum];
}

export function maxAbsDifference(a: Image, b: Image): number {
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!));
  return worst;
}
