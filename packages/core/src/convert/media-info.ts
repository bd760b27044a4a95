/**
 * What the convert input is: a folder of images, one image, or a video whose size, frame rate,
 * frame count and audio are read from ffmpeg's own report (`ffmpeg -i`; the bundled ffmpeg comes
 * without ffprobe). The frame count is exact: ffmpeg counts packets with a stream copy, which
 * decodes nothing.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import sharp from 'sharp';
import { ConvertError } from '../util/errors.js';
import { IMAGE_EXTENSIONS } from '../extract/frame-source.js';
import { ffmpegTail, runFfmpeg } from './ffmpeg.js';
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

/** Parses `ffmpeg -i FILE` stderr: the first video stream's size and rate, the first audio stream, the duration. */
export function parseFfmpegReport(report: string): { width: number; height: number; fps?: number; duration?: number; audioCodec?: string } | undefined {
  const video = /Stream #\d+:\d+[^:]*: Video: (.*)/.exec(report)?.[1];
  if (!video) return undefined;
  const size = /(?:^|[\s,])(\d{1,5})x(\d{1,5})(?=[\s,[]|$)/.exec(video);
  if (!size) return undefined;
  const fps = /([\d.]+)(k?) fps/.exec(video) ?? /([\d.]+)(k?) tbr/.exec(video);
  const duration = /Duration: (\d+):(\d+):([\d.]+)/.exec(report);
  const audio = /Stream #\d+:\d+[^:]*: Audio: ([\w-]+)/.exec(report);
  return {
    width: Number(size[1]),
    height: Number(size[2]),
    fps: fps ? Number(fps[1]) * (fps[2] ? 1000 : 1) : undefined,
    duration: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : undefined,
    audioCodec: audio?.[1],
  };
}

async function probeVideo(path: string): Promise<MediaInfo> {
  const report = await runFfmpeg(['-nostdin', '-i', path]);
  const parsed = parseFfmpegReport(report.stderr);
  if (!parsed) throw new ConvertError(`${path}: not a video or image ffmpeg can read (${ffmpegTail(report.stderr, 1)})`);
  if (!parsed.fps) throw new ConvertError(`${path}: ffmpeg reports no frame rate for the video stream`);
  const counted = await runFfmpeg(['-nostdin', '-v', 'error', '-stats', '-i', path, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-']);
  const frames = [...counted.stderr.matchAll(/frame=\s*(\d+)/g)].at(-1)?.[1];
  const fps = frameRateFraction(parsed.fps);
  const estimate = parsed.duration ? Math.round((parsed.duration * fps.num) / fps.den) : 0;
  return {
    path, kind: 'video', width: parsed.width, height: parsed.height, fps,
    frameCount: frames ? Number(frames) : estimate, duration: parsed.duration,
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
