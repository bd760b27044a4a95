/**
 * `--frame-ranges 10-50,80-90`: which frames convert swaps. Frame numbers are 0-based and both
 * ends are included; `120-` runs to the end and a single number is one frame.
 */
import { ConvertError } from '../util/errors.js';

export interface FrameRange {
  start: number;
  /** Inclusive; Infinity for an open range. */
  end: number;
}

export function parseFrameRanges(text: string): FrameRange[] {
  const ranges = text.split(',').map((part) => part.trim()).filter(Boolean).map((part): FrameRange => {
    const match = /^(\d+)(?:\s*-\s*(\d*))?$/.exec(part);
    if (!match) throw new ConvertError(`--frame-ranges: '${part}' is not a frame range; write START-END (e.g. 10-50), START- or a single frame, separated by commas`);
    const start = Number(match[1]);
    const end = match[2] === undefined ? start : match[2] === '' ? Infinity : Number(match[2]);
    if (end < start) throw new ConvertError(`--frame-ranges: '${part}' ends before it starts`);
    return { start, end };
  });
  if (ranges.length === 0) throw new ConvertError('--frame-ranges: no range given');
  return ranges.sort((a, b) => a.start - b.start);
}

export function inFrameRanges(ranges: readonly FrameRange[] | undefined, index: number): boolean {
  return !ranges || ranges.some((r) => index >= r.start && index <= r.end);
}

/** The last frame any range includes (Infinity when one is open): reading can stop after it. */
export function lastRangedFrame(ranges: readonly FrameRange[] | undefined): number {
  return ranges ? Math.max(...ranges.map((r) => r.end)) : Infinity;
}
