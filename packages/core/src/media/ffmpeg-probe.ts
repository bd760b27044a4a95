/**
 * What a video is, from ffmpeg's own report (`ffmpeg -i`; the bundled ffmpeg comes without
 * ffprobe): the first video stream's size and frame rate, the first audio stream, the duration;
 * and its exact frame count, which ffmpeg counts with a stream copy (it decodes nothing).
 */
import type { ErrorClass } from './error-class.js';
import { runFfmpeg } from './ffmpeg-process.js';

export interface VideoReport {
  width: number;
  height: number;
  /** Frames per second as printed ("29.97"), from `fps` or else `tbr`. */
  fps?: number;
  /** Seconds. */
  duration?: number;
  /** Codec of the first audio stream, when there is one. */
  audioCodec?: string;
}

/** Parses `ffmpeg -i FILE` stderr; undefined when it shows no video stream with a size. */
export function parseFfmpegReport(report: string): VideoReport | undefined {
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

/** ffmpeg's report on `path`: `video` is undefined when it is no video ffmpeg can read (`report` says why). */
export async function probeVideoFile(path: string, fail: ErrorClass): Promise<{ video?: VideoReport; report: string }> {
  const { stderr } = await runFfmpeg(['-i', path], fail);
  return { video: parseFfmpegReport(stderr), report: stderr };
}

/** The exact number of frames of the first video stream, or undefined when ffmpeg reports none. */
export async function countVideoFrames(path: string, fail: ErrorClass): Promise<number | undefined> {
  const counted = await runFfmpeg(['-v', 'error', '-stats', '-i', path, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-'], fail);
  const frames = [...counted.stderr.matchAll(/frame=\s*(\d+)/g)].at(-1)?.[1];
  return frames ? Number(frames) : undefined;
}
