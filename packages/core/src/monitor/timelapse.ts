import { open, rename, unlink } from 'node:fs/promises';
import sharp from 'sharp';
import type { Image } from '../data/image.js';
import { toByte } from './canvas.js';

/** faceswap names timelapse frames `<unix seconds>.jpg`, so a directory listing sorts in time order. */
export function timelapseFileName(date: Date): string {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('timelapseFileName: invalid date');
  return `${Math.floor(t / 1000)}.jpg`;
}

/**
 * Writes an Image as JPEG atomically: to `path.tmp-<pid>`, fsync, then rename, so a viewer
 * or a crash never leaves a half-written frame at `path`.
 * 1- and 3-channel images are written as-is; a 4th (alpha) channel is dropped.
 */
export async function writeJpeg(path: string, image: Image, options: { quality?: number } = {}): Promise<void> {
  const { width, height, channels, data } = image;
  if (data.length !== width * height * channels) throw new RangeError(`image data has ${data.length} values, expected ${width}x${height}x${channels}`);
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = toByte(data[i]);
  let pipeline = sharp(bytes, { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } });
  if (channels === 2 || channels === 4) pipeline = pipeline.removeAlpha();
  const jpeg = await pipeline.jpeg({ quality: options.quality ?? 90 }).toBuffer();

  const tmp = `${path}.tmp-${process.pid}`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(jpeg);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
