/**
 * Reading the input frame by frame. A video is decoded by one ffmpeg process into a raw RGB pipe
 * and streamed: one frame in memory at a time, and the pipe's backpressure holds ffmpeg back while
 * convert works. Images are decoded by sharp, one at a time, in name order.
 */
import { basename, extname } from 'node:path';
import sharp from 'sharp';
import { ConvertError } from '../util/errors.js';
import { ffmpegTail, spawnFfmpeg } from './ffmpeg.js';
import type { MediaInfo, RgbFrame, SourceFrame } from './convert-types.js';

export interface ReadOptions {
  /** Stop after this frame index (inclusive); reading past the last ranged frame is wasted work. */
  lastFrame?: number;
}

/** `<video stem>_000001`: faceswap's frame naming (1-based, 6 digits). */
export function videoFrameName(video: string, index: number): string {
  return `${basename(video, extname(video))}_${String(index + 1).padStart(6, '0')}`;
}

/** Decodes an image file into 8-bit RGB (alpha dropped, greyscale expanded). */
export async function readRgbImage(path: string): Promise<RgbFrame> {
  try {
    const { data, info } = await sharp(path, { failOn: 'error' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels === 3) return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
    const rgb = new Uint8Array(info.width * info.height * 3);
    for (let i = 0, n = info.width * info.height; i < n; i++) rgb.fill(data[i * info.channels]!, i * 3, i * 3 + 3);
    return { width: info.width, height: info.height, data: rgb };
  } catch (error) {
    throw new ConvertError(`${path}: cannot decode the image (${(error as Error).message})`);
  }
}

async function* readImages(media: MediaInfo, options: ReadOptions): AsyncGenerator<SourceFrame> {
  const files = media.files ?? [];
  const last = Math.min(files.length - 1, options.lastFrame ?? Infinity);
  for (let index = 0; index <= last; index++) {
    const file = files[index]!;
    yield { index, name: basename(file, extname(file)), file, image: await readRgbImage(file) };
  }
}

async function* readVideo(media: MediaInfo, options: ReadOptions): AsyncGenerator<SourceFrame> {
  const frameBytes = media.width * media.height * 3;
  const limit = options.lastFrame !== undefined && Number.isFinite(options.lastFrame) ? ['-frames:v', String(options.lastFrame + 1)] : [];
  // -noautorotate: frames come at the size the stream reports, so the byte count per frame holds.
  const ffmpeg = spawnFfmpeg(['-v', 'error', '-noautorotate', '-i', media.path, '-map', '0:v:0', ...limit, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], 'ignore');
  let index = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let finished = false;
  try {
    for await (const chunk of ffmpeg.child.stdout! as AsyncIterable<Buffer>) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= frameBytes) {
        const joined = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        // Copy the frame out: the pipe's chunks are reused, and the frame outlives this loop.
        const data = new Uint8Array(frameBytes);
        data.set(joined.subarray(0, frameBytes));
        const rest = joined.subarray(frameBytes);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
        yield { index, name: videoFrameName(media.path, index), image: { width: media.width, height: media.height, data } };
        index++;
      }
    }
    const code = await ffmpeg.exited;
    finished = true;
    if (code !== 0) throw new ConvertError(`${media.path}: ffmpeg stopped decoding at frame ${index} (exit ${code}): ${ffmpegTail(ffmpeg.stderr())}`);
    if (pendingBytes > 0) throw new ConvertError(`${media.path}: the last frame is incomplete (${pendingBytes} of ${frameBytes} bytes)`);
  } finally {
    // The consumer stopped early (frame ranges, an error, Ctrl-C): don't leave ffmpeg running.
    if (!finished) {
      ffmpeg.child.kill('SIGKILL');
      await ffmpeg.exited.catch(() => undefined);
    }
  }
}

/** The input's frames in order, from frame 0 up to `options.lastFrame`. */
export function readFrames(media: MediaInfo, options: ReadOptions = {}): AsyncGenerator<SourceFrame> {
  return media.kind === 'video' ? readVideo(media, options) : readImages(media, options);
}
