/**
 * Extraction progress: a live bar on a TTY (frames, faces, faces/s, ETA), otherwise a plain line
 * every ~5 % of the frames (or every 10 s when the total is unknown), always ending with the last.
 */
import type { ExtractProgress } from '@faceforge/core/extract';
import { formatClock } from './progress.js';
import { asLine, createLiveBar, wantsLiveBar } from './live-bar.js';

export interface ExtractProgressView {
  update(progress: ExtractProgress): void;
  /** A message that must not be overwritten by the bar. */
  log(line: string): void;
  stop(): void;
}

export function formatExtractLine(p: ExtractProgress): string {
  const frames = p.total !== undefined ? `${p.frames}/${p.total}` : String(p.frames);
  return `[${formatClock(p.seconds)}] frames ${frames}  faces ${p.faces}  ${p.facesPerSecond.toFixed(2)} faces/s`;
}

export function createExtractProgress(options: { stream?: NodeJS.WriteStream; interactive?: boolean } = {}): ExtractProgressView {
  const stream = options.stream ?? process.stderr;
  let stopped = false;
  if (!wantsLiveBar(stream, options.interactive)) {
    let last: ExtractProgress | undefined;
    let printed: ExtractProgress | undefined;
    const print = (p: ExtractProgress) => {
      stream.write(`${formatExtractLine(p)}\n`);
      printed = p;
    };
    return {
      update(p) {
        if (stopped) return;
        last = p;
        const step = p.total ? Math.max(1, Math.ceil(p.total / 20)) : Infinity;
        const due = !printed || (p.frames !== printed.frames && (p.frames - printed.frames >= step || p.seconds - printed.seconds >= 10 || (p.total !== undefined && p.frames === p.total)));
        if (due && p.frames > 0) print(p);
      },
      log(line) {
        if (!stopped) stream.write(asLine(line));
      },
      stop() {
        if (stopped) return;
        stopped = true;
        if (last && last.frames > 0 && last.frames !== printed?.frames) print(last);
      },
    };
  }
  const bar = createLiveBar(stream, {
    format: ' {bar} {value}/{total} frames | {faces} faces | {rate} faces/s | ETA {eta_formatted}',
    total: 0,
    startAt: 0,
    payload: { faces: 0, rate: '0.00' },
  });
  return {
    update: (p) => bar.update(p.frames, { faces: p.faces, rate: p.facesPerSecond.toFixed(2) }, p.total),
    log: (line) => bar.log(line),
    stop: () => bar.stop(),
  };
}
