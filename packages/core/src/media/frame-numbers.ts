/**
 * Frame numbers as users see them, faceswap's convention: the first frame of a video is frame 1.
 * Frame N's faces are `<video>_<N:06d>_<face>.png` (extract), its converted picture
 * `<video>_<N:06d>.<ext>` (convert), and a range START-END (extract --frames, convert -R) names
 * frames by these numbers with both ends included. Code counts frames from 0 (`index`), and so do
 * alignments files and face metadata, as they always have: the conversion happens only here.
 */
import type { ErrorClass } from './error-class.js';

/** The number users see for the frame at 0-based `index`. */
export function frameNumber(index: number): number {
  return index + 1;
}

/** `<video stem>_000001` for the first frame: the stem of the frame's faces and of its converted picture. */
export function videoFrameStem(videoStem: string, index: number): string {
  return `${videoStem}_${String(frameNumber(index)).padStart(6, '0')}`;
}

/** Frames from `start` to `end`, both included, as 0-based indexes (`end` Infinity: to the end). */
export interface FrameRange {
  start: number;
  end: number;
}

/**
 * `10-50,80-90`, `120-` (to the end) or `7` (one frame), in frame numbers (from 1, both ends
 * included), as sorted 0-based index ranges. `flag` names the option in errors.
 */
export function parseFrameRanges(text: string, flag = '--frame-ranges', Fail: ErrorClass = Error): FrameRange[] {
  const ranges = text.split(',').map((part) => part.trim()).filter(Boolean).map((part): FrameRange => {
    const match = /^(\d+)(?:\s*-\s*(\d*))?$/.exec(part);
    if (!match) throw new Fail(`${flag}: '${part}' is not a frame range; write START-END (e.g. 10-50), START- or a single frame, separated by commas`);
    const start = Number(match[1]);
    const end = match[2] === undefined ? start : match[2] === '' ? Infinity : Number(match[2]);
    if (start < 1) throw new Fail(`${flag}: '${part}': frames are numbered from 1 (the first frame is 1)`);
    if (end < start) throw new Fail(`${flag}: '${part}' ends before it starts`);
    return { start: start - 1, end: end - 1 };
  });
  if (ranges.length === 0) throw new Fail(`${flag}: no range given`);
  return ranges.sort((a, b) => a.start - b.start);
}

export function inFrameRanges(ranges: readonly FrameRange[] | undefined, index: number): boolean {
  return !ranges || ranges.some((r) => index >= r.start && index <= r.end);
}

/** The index of the last frame any range includes (Infinity when one is open): reading can stop after it. */
export function lastRangedFrame(ranges: readonly FrameRange[] | undefined): number {
  return ranges ? Math.max(...ranges.map((r) => r.end)) : Infinity;
}
