/**
 * Frames to extract faces from: a video decoded by ffmpeg on a worker thread and streamed through
 * a pipe (PPM: raw RGB behind a tiny header that carries the frame's size, so rotated videos need
 * no probing; video-decoder.ts), a folder of images, or one image. Only the selected frames leave
 * ffmpeg (its `select` filter does --every-n / --fps), and only a few frames are held in memory.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import sharp from 'sharp';
import type { RgbPixels } from '../image/rgb-pixels.js';
import { ffmpegTail } from '../media/ffmpeg-process.js';
import { probeVideoFile } from '../media/ffmpeg-probe.js';
import { ExtractError } from '../util/errors.js';
import { frameNumber } from '../media/frame-numbers.js';
import { decodeVideo, type DecodeEnd } from './video-decoder.js';

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.bmp', '.tif', '.tiff']);

export type SourceKind = 'video' | 'images' | 'image';

export interface FrameSelection {
  /** Keep every n-th frame (video frames, or images of a folder in name order). Default 1. */
  everyN?: number;
  /** Keep about this many frames per second of video (instead of everyN). */
  fps?: number;
  /** Only frames with index in [start, end) (video frame numbers, or positions in a folder). */
  range?: [number, number];
}

/** One frame: its pixels, or why it could not be read (a corrupt image), so the caller can report it and go on. */
export interface Frame {
  /** Frame number in the video (0-based), or position of the image in its folder. */
  index: number;
  /** Stable name of the frame within its source: the frame number for a video, the file name for an image. */
  key: string;
  /** The file the frame comes from. */
  file: string;
  pixels?: RgbPixels;
  error?: string;
}

export interface FrameSource {
  kind: SourceKind;
  /** Absolute path of the video, folder or image. */
  path: string;
  /** Base name without extension: names the alignments file and the faces. */
  name: string;
  /** How many frames will be produced, when known (for progress). */
  total?: number;
  /** How many of those frames `isDone` does not claim (a resumed run's work), when known. */
  remaining(isDone: (key: string) => boolean): number | undefined;
  /** Frames in order. `skip(key)` true: the frame is not decoded (images) or not returned (video). */
  frames(skip?: (key: string) => boolean, signal?: AbortSignal): AsyncGenerator<Frame>;
}

export interface VideoInfo {
  fps: number;
  /** Seconds, when ffmpeg reports it. */
  duration?: number;
  /** Estimated frame count (duration × fps), when known. */
  frames?: number;
}

/** The last non-empty line of ffmpeg's stderr, for error messages. */
function lastLine(stderr: string): string {
  return ffmpegTail(stderr, 1).trim() || 'no output';
}

/** Frame rate and length of a video from ffmpeg's stream summary; an ExtractError naming the file if it has no video. */
export async function probeVideo(path: string): Promise<VideoInfo> {
  const { video, report } = await probeVideoFile(path, ExtractError);
  if (!video) {
    const reason = /Invalid data|moov atom not found|could not find codec|No such file|Permission denied/i.test(report) ? lastLine(report) : 'no video stream';
    throw new ExtractError(`${path}: not a readable video (${reason})`);
  }
  const { fps, duration } = video;
  const rate = fps !== undefined && Number.isFinite(fps) && fps > 0 ? fps : 25;
  return { fps: rate, duration, frames: duration !== undefined ? Math.round(duration * rate) : undefined };
}

/**
 * Whether video frame `n` is selected. The same rule goes to ffmpeg's select filter, so frame
 * numbers are known without ffmpeg reporting them: every n-th frame of the range, or for --fps F
 * (video at R fps) the first frame of each 1/F-second interval: frame n is taken when
 * ⌊n·F/R⌋ > ⌊(n−1)·F/R⌋, which holds for the first frame.
 */
/** F/R as ffmpeg will read it back from the filter text, so both sides compute the same doubles. */
function fpsRatio(fps: number, videoFps: number): number {
  return Number((fps / videoFps).toPrecision(12));
}

function selectsFrame(n: number, selection: FrameSelection, videoFps: number): boolean {
  const [start, end] = selection.range ?? [0, Infinity];
  if (n < start || n >= end) return false;
  const offset = n - start;
  if (selection.fps) {
    const ratio = fpsRatio(selection.fps, videoFps);
    return Math.floor(offset * ratio + 1e-9) > Math.floor((offset - 1) * ratio + 1e-9);
  }
  return offset % (selection.everyN ?? 1) === 0;
}

function selectFilter(selection: FrameSelection, videoFps: number): string | undefined {
  const [start, end] = selection.range ?? [0, Infinity];
  const parts: string[] = [];
  if (start > 0) parts.push(`gte(n\\,${start})`);
  if (Number.isFinite(end)) parts.push(`lt(n\\,${end})`);
  const offset = start > 0 ? `(n-${start})` : 'n';
  if (selection.fps) {
    const ratio = fpsRatio(selection.fps, videoFps);
    parts.push(`gt(floor(${offset}*${ratio}+1e-9)\\,floor((${offset}-1)*${ratio}+1e-9))`);
  } else if ((selection.everyN ?? 1) > 1) {
    parts.push(`not(mod(${offset}\\,${selection.everyN}))`);
  }
  return parts.length ? `select='${parts.join('*')}'` : undefined;
}

function checkSelection(selection: FrameSelection): void {
  if (selection.everyN !== undefined && (!Number.isInteger(selection.everyN) || selection.everyN < 1)) throw new ExtractError(`--every-n must be a whole number of at least 1, got ${selection.everyN}`);
  if (selection.fps !== undefined && !(selection.fps > 0)) throw new ExtractError(`--fps must be above 0, got ${selection.fps}`);
  if (selection.fps !== undefined && selection.everyN !== undefined && selection.everyN > 1) throw new ExtractError('use --every-n or --fps, not both');
  if (selection.range && !(selection.range[0] >= 0 && selection.range[1] > selection.range[0])) throw new ExtractError(`frame range ${selection.range.join('-')} is empty`);
}

function videoSource(path: string, selection: FrameSelection, info: VideoInfo): FrameSource {
  const name = basename(path, extname(path));
  const count = (isDone: (key: string) => boolean): number | undefined => {
    if (info.frames === undefined) return undefined;
    let total = 0;
    for (let n = 0; n < Math.min(info.frames, selection.range?.[1] ?? Infinity); n++) if (selectsFrame(n, selection, info.fps) && !isDone(String(n))) total++;
    return total;
  };
  const total = count(() => false);
  return {
    kind: 'video', path, name, total,
    remaining: count,
    async *frames(skip, signal) {
      const filter = selectFilter(selection, info.fps);
      // -vsync 0 passes selected frames through without duplicating or dropping any.
      // With a range, stop ffmpeg after its last frame instead of decoding the rest of the video.
      let inRange = 0;
      if (selection.range && Number.isFinite(selection.range[1])) for (let n = selection.range[0]; n < selection.range[1]; n++) if (selectsFrame(n, selection, info.fps)) inRange++;
      const limit = inRange > 0 ? ['-frames:v', String(inRange)] : [];
      const args = ['-v', 'error', '-i', path, ...(filter ? ['-vf', filter] : []), '-vsync', '0', ...limit, '-f', 'image2pipe', '-c:v', 'ppm', 'pipe:1'];
      const decoded = decodeVideo(args, path);
      let n = -1;
      let seen = 0;
      let end: DecodeEnd | undefined;
      try {
        for (let next = await decoded.next(); ; next = await decoded.next()) {
          if (next.done) {
            end = next.value;
            break;
          }
          if (signal?.aborted) return;
          do n++; while (!selectsFrame(n, selection, info.fps));
          seen++;
          const key = String(n);
          if (skip?.(key)) continue;
          yield { index: n, key, file: path, pixels: next.value };
        }
      } finally {
        // Left early (stopped, or the caller is done): ffmpeg and its thread stop.
        if (!end) await decoded.return({ code: 128, stderr: '' });
      }
      if (end.code !== 0) throw new ExtractError(`${path}: ffmpeg could not decode the video (${lastLine(end.stderr)})`);
      // ffmpeg ends quietly where a truncated file's data ends (its index at the front still states
      // the whole duration): report the missing part as a bad frame, so the run does not say "errors: 0".
      // The stated duration is the container's (an audio track may run a little longer): up to a
      // second's frames or 5% may be missing without a report.
      const missing = total !== undefined ? total - seen : 0;
      const perSecond = total !== undefined && info.duration ? total / info.duration : 0;
      if (missing > Math.max(2, Math.ceil(total! * 0.05), Math.ceil(perSecond))) {
        yield {
          index: n + 1, key: `truncated-after-${n}`, file: path,
          error: `${path}: the video ends after frame ${frameNumber(n)}, but its header states ${info.duration?.toFixed(2)} s (about ${info.frames} frames at ${info.fps} fps): ` +
            `${missing} selected frame(s) were never decoded. The file is truncated or damaged`,
        };
      }
    },
  };
}

/** Decodes an image file to 8-bit RGB (EXIF orientation applied). */
export async function readImageRgb(file: string): Promise<RgbPixels> {
  const { data, info } = await sharp(file, { failOn: 'error' }).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels after decoding`);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function imageSource(kind: 'images' | 'image', path: string, files: string[], selection: FrameSelection): FrameSource {
  const [start, end] = selection.range ?? [0, Infinity];
  const every = selection.everyN ?? 1;
  const chosen = files.map((file, index) => ({ file, index })).filter(({ index }) => index >= start && index < end && (index - start) % every === 0);
  return {
    kind, path, name: basename(path, kind === 'image' ? extname(path) : ''), total: chosen.length,
    remaining: (isDone) => chosen.filter(({ file }) => !isDone(basename(file))).length,
    async *frames(skip, signal) {
      for (const { file, index } of chosen) {
        if (signal?.aborted) return;
        const key = basename(file);
        if (skip?.(key)) continue;
        try {
          yield { index, key, file, pixels: await readImageRgb(file) };
        } catch (error) {
          yield { index, key, file, error: `${file}: not a readable image (${(error as Error).message.split('\n')[0]})` };
        }
      }
    },
  };
}

/** Opens a video, an image folder or one image; an ExtractError naming the path when it can't. */
export async function openFrameSource(input: string, selection: FrameSelection = {}): Promise<FrameSource> {
  checkSelection(selection);
  const path = resolve(input);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ExtractError(`${path} does not exist`);
  if (info.isDirectory()) {
    if (selection.fps) throw new ExtractError('--fps applies to videos; use --every-n for an image folder');
    const files = (await readdir(path)).filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase())).sort().map((n) => join(path, n));
    if (files.length === 0) throw new ExtractError(`${path}: no images in this folder (looked for ${[...IMAGE_EXTENSIONS].join(' ')})`);
    return imageSource('images', path, files, selection);
  }
  if (IMAGE_EXTENSIONS.has(extname(path).toLowerCase())) return imageSource('image', path, [path], selection);
  return videoSource(path, selection, await probeVideo(path));
}
