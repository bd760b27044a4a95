/**
 * Held-out faces for validation: a later time segment of each source, never random frames (frames a
 * second apart are near-duplicates of training frames, so random held-out faces measure memory,
 * not generalisation). Faces carrying extraction metadata are grouped by source video and split by
 * frame number: the last `fraction` of each source's frame span is held out. Faces without it
 * (plain images) are split by file name, which follows frame order for frame-numbered names.
 */
import { basename } from 'node:path';
import type { FaceRecord } from '../data/face-record.js';

export interface HeldOutSplit {
  training: FaceRecord[];
  heldOut: FaceRecord[];
  /** How the split was made, for the log and state.json. */
  by: 'frame' | 'file-name';
}

function sourceOf(face: FaceRecord): { file: string; frame: number } | undefined {
  const source = face.metadata?.source as { file?: unknown; frame?: unknown } | undefined;
  return source && typeof source.file === 'string' && typeof source.frame === 'number' && Number.isFinite(source.frame)
    ? { file: source.file, frame: source.frame }
    : undefined;
}

/** Holds out the last `fraction` (0..1) of each source's frames; the rest trains. */
export function splitHeldOut(faces: readonly FaceRecord[], fraction: number): HeldOutSplit {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`held-out fraction must be between 0 and 1, got ${fraction}`);
  const sources = faces.map(sourceOf);
  if (sources.every((s) => s !== undefined)) {
    const span = new Map<string, { first: number; last: number }>();
    for (const s of sources) {
      const known = span.get(s!.file);
      span.set(s!.file, known ? { first: Math.min(known.first, s!.frame), last: Math.max(known.last, s!.frame) } : { first: s!.frame, last: s!.frame });
    }
    const held = (i: number) => {
      const { file, frame } = sources[i]!;
      const { first, last } = span.get(file)!;
      return last > first && frame > last - (last - first) * fraction;
    };
    return { training: faces.filter((_, i) => !held(i)), heldOut: faces.filter((_, i) => held(i)), by: 'frame' };
  }
  const ordered = [...faces].sort((x, y) => basename(x.path).localeCompare(basename(y.path), 'en', { numeric: true }));
  const cut = ordered.length - Math.max(1, Math.round(ordered.length * fraction));
  return { training: ordered.slice(0, cut), heldOut: ordered.slice(cut), by: 'file-name' };
}
