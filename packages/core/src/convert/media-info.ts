/**
 * What the convert input is: a folder of images, one image, or a video whose size, frame rate,
 * exact frame count and audio ffmpeg reports (media/ffmpeg-probe.ts).
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import sharp from 'sharp';
import { ConvertError } from '../util/errors.js';
import { IMAGE_EXTENSIONS } from '../extract/frame-source.js';
import { ffmpegTail } from '../media/ffmpeg-process.js';
import { countVideoFrames, probeVideoFile } from '../media/ffmpeg-probe.js';
import type { MediaInfo } from './convert-types.js';

export function isImageFile(path: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(path).toLowerCase());
}

/**
 * A frame rate as ffmpeg prints it ("24", "29.97", "23.98") as an exact fraction: NTSC rates
 * are printed rounded and are really N·1000/1001.
 */
export function frameRateFraction(printed: number): { num: number; den: number } {
  if (!(printed > 0)) throw new RangeError(`frame rate must be positive, got ${printed}`);
  const whole = Math.round(printed);
  if (Math.abs(printed - whole) < 0.005) return { num: whole, den: 1 };
  const ntsc = Math.round(printed * 1.001);
  if (Math.abs((ntsc * 1000) / 1001 - printed) < 0.006) return { num: ntsc * 1000, den: 1001 };
  return { num: Math.round(printed * 1000), den: 1000 };
}

async function probeVideo(path: string): Promise<MediaInfo> {
  const { video: parsed, report } = await probeVideoFile(path, ConvertError);
  if (!parsed) throw new ConvertError(`${path}: not a video or image ffmpeg can read (${ffmpegTail(report, 1)})`);
  if (!parsed.fps) throw new ConvertError(`${path}: ffmpeg reports no frame rate for the video stream`);
  const frames = await countVideoFrames(path, ConvertError);
  const fps = frameRateFraction(parsed.fps);
  const estimate = parsed.duration ? Math.round((parsed.duration * fps.num) / fps.den) : 0;
  return {
    path, kind: 'video', width: parsed.width, height: parsed.height, fps,
    frameCount: frames ?? estimate, duration: parsed.duration,
    audio: parsed.audioCodec ? { codec: parsed.audioCodec } : undefined,
  };
}

async function probeImages(path: string, files: string[]): Promise<MediaInfo> {
  if (files.length === 0) throw new ConvertError(`${path}: no images (${[...IMAGE_EXTENSIONS].join(', ')}) in this folder`);
  const first = await sharp(files[0]!).metadata().catch((error: Error) => {
    throw new ConvertError(`${files[0]}: not a readable image (${error.message})`);
  });
  return { path, kind: 'images', width: first.width ?? 0, height: first.height ?? 0, frameCount: files.length, files };
}

/** Describes the convert input at `path`. */
export async function probeMedia(path: string): Promise<MediaInfo> {
  const info = await stat(path).catch(() => {
    throw new ConvertError(`${path}: no such file or folder (-i takes a video, an image or a folder of images)`);
  });
  if (info.isDirectory()) {
    const names = (await readdir(path)).filter((name) => !name.startsWith('.') && isImageFile(name)).sort();
    return probeImages(path, names.map((name) => join(path, name)));
  }
  if (isImageFile(path)) return probeImages(path, [path]);
  return probeVideo(path);
}
