/**
 * Convert progress: a live bar on a TTY (frames, frames/s, faces, ETA), otherwise a plain line
 * every ~5 % of the frames (or every 10 s), always ending with the last frame seen.
 */
import type { ConvertProgress } from '@faceforge/core/convert';
import { formatClock } from './progress.js';
import { asLine, createLiveBar, wantsLiveBar } from './live-bar.js';

export interface ConvertProgressView {
  update(progress: ConvertProgress): void;
  /** A message that must not be overwritten by the bar. */
  log(line: string): void;
  stop(): void;
}

export function formatConvertLine(p: ConvertProgress, seconds: number): string {
  return `[${formatClock(seconds)}] frame ${p.done}/${p.total}  ${p.framesPerSecond.toFixed(2)} frames/s  faces ${p.faces}`;
}

export function createConvertProgress(options: { stream?: NodeJS.WriteStream; interactive?: boolean; now?: () => number } = {}): ConvertProgressView {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const began = now();
  let stopped = false;
  if (!wantsLiveBar(stream, options.interactive)) {
    let last: ConvertProgress | undefined;
    let printed: { done: number; at: number } | undefined;
    const print = (p: ConvertProgress) => {
      stream.write(`${formatConvertLine(p, (now() - began) / 1000)}\n`);
      printed = { done: p.done, at: now() };
    };
    return {
      update(p) {
        if (stopped) return;
        last = p;
        const step = Math.max(1, Math.ceil(p.total / 20));
        if (!printed || p.done - printed.done >= step || now() - printed.at >= 10_000 || p.done === p.total) print(p);
      },
      log(line) {
        if (!stopped) stream.write(asLine(line));
      },
      stop() {
        if (stopped) return;
        stopped = true;
        if (last && last.done !== printed?.done) print(last);
      },
    };
  }
  const bar = createLiveBar(stream, {
    format: ' {bar} {value}/{total} frames | {rate} frames/s | {faces} faces | ETA {eta_formatted}',
    total: 0,
    startAt: 0,
    payload: { faces: 0, rate: '0.00' },
  });
  return {
    update: (p) => bar.update(p.done, { faces: p.faces, rate: p.framesPerSecond.toFixed(2) }, p.total),
    log: (line) => bar.log(line),
    stop: () => bar.stop(),
  };
}
