/**
 * A decoded image in memory: interleaved channels (HWC), float values in [0, 1].
 * Faces are RGB (3 channels); masks are 1 channel. All augmentation works on this.
 */
export interface Image {
  width: number;
  height: number;
  channels: number;
  data: Float32Array;
}

export function createImage(width: number, height: number, channels: number, fill = 0): Image {
  const data = new Float32Array(width * height * channels);
  if (fill !== 0) data.fill(fill);
  return { width, height, channels, data };
}

export function cloneImage(image: Image): Image {
  return { ...image, data: new Float32Array(image.data) };
}

/** 2-D point in pixel coordinates of the image it belongs to. */
export type Point = [number, number];
