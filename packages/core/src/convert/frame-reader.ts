/**
 * Convert's frames, in order, from extraction's frame source (extract/frame-source.ts: one ffmpeg
 * process streaming a video, sharp for images), so both commands see the same frames under the
 * same keys and the alignments file lines up. Each frame gets its output name here.
 */
import { basename, extname } from 'node:path';
import { openFrameSource } from '../extract/frame-source.js';
import { videoFrameStem } from '../media/frame-numbers.js';
import type { MediaInfo, SourceFrame } from './convert-types.js';

export interface ReadOptions {
  /** Stop after this frame index (inclusive); reading past the last ranged frame is wasted work. */
  lastFrame?: number;
}

/** An image of the folder that could not be decoded: reported, and there is nothing to write. */
export interface UnreadableFrame extends Omit<SourceFrame, 'image'> {
  image?: undefined;
  error: string;
}

/** `<video stem>_000001` for the first frame (media/frame-numbers.ts): the same stem as the frame's extracted faces. */
export function videoFrameName(video: string, index: number): string {
  return videoFrameStem(basename(video, extname(video)), index);
}

/** The input's frames in order, from frame 0 up to `options.lastFrame`. */
export async function* readFrames(media: MediaInfo, options: ReadOptions = {}): AsyncGenerator<SourceFrame | UnreadableFrame> {
  const last = options.lastFrame ?? Infinity;
  const source = await openFrameSource(media.path, Number.isFinite(last) ? { range: [0, last + 1] } : {});
  for await (const frame of source.frames()) {
    const name = media.kind === 'video' ? videoFrameName(media.path, frame.index) : basename(frame.file, extname(frame.file));
    const common = { index: frame.index, key: frame.key, name, file: media.kind === 'video' ? undefined : frame.file };
    if (frame.pixels) yield { ...common, image: frame.pixels };
    else yield { ...common, error: frame.error ?? `${frame.file}: not a readable image` };
  }
}
