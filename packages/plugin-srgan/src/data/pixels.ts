/**
 * SR images are kept as 8-bit RGB (an LR image is an 8-bit file in DIV2K, and a thousand faces stay
 * small in memory); the network and the metrics work on float [0, 1] images.
 */
import sharp from 'sharp';
import type { Image, RgbPixels } from '@faceforge/core';

export function toFloat(pixels: RgbPixels): Image {
  const data = new Float32Array(pixels.data.length);
  for (let i = 0; i < data.length; i++) data[i] = pixels.data[i]! / 255;
  return { width: pixels.width, height: pixels.height, channels: 3, data };
}

/** Rounded and clipped to 8 bits, as an image written to a file would be. */
export function toBytes(image: Image): RgbPixels {
  if (image.channels !== 3) throw new Error(`expected an RGB image, got ${image.channels} channels`);
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.min(255, Math.max(0, Math.round(image.data[i]! * 255)));
  return { width: image.width, height: image.height, data };
}

/** Decodes any image file sharp reads to 8-bit RGB (EXIF orientation applied, alpha dropped). */
export async function readRgb(file: string): Promise<RgbPixels> {
  const { data, info } = await sharp(file, { failOn: 'error' }).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export async function encodePng(pixels: RgbPixels): Promise<Buffer> {
  return sharp(Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength), { raw: { width: pixels.width, height: pixels.height, channels: 3 } }).png().toBuffer();
}

/** The window (x, y, width, height) of an 8-bit image. */
export function cropPixels(pixels: RgbPixels, x: number, y: number, width: number, height: number): RgbPixels {
  const data = new Uint8Array(width * height * 3);
  for (let row = 0; row < height; row++) {
    const src = ((y + row) * pixels.width + x) * 3;
    data.set(pixels.data.subarray(src, src + width * 3), row * width * 3);
  }
  return { width, height, data };
}
