/**
 * Convert progress: a live bar on a TTY (frames, frames/s, faces, ETA), otherwise plain lines
 * (see plain-lines.ts: every ~5 % of the frames, at least once a minute, with an ETA), always
 * ending with the last frame seen.
 */
import type { ConvertProgress } from '@faceforge/core/convert';
import { PlainLines } from './plain-lines.js';
import { asLine, createLiveBar, wantsLiveBar } from './live-bar.js';

export interface ConvertProgressView {
  update(progress: ConvertProgress): void;
  /** A message that must not be overwritten by the bar. */
  log(line: string): void;
  stop(): void;
}

export function createConvertProgress(options: { stream?: NodeJS.WriteStream; interactive?: boolean; now?: () => number } = {}): ConvertProgressView {
  const stream = options.stream ?? process.stderr;
  let stopped = false;
  if (!wantsLiveBar(stream, options.interactive)) {
    const lines = new PlainLines({ now: options.now });
    let last: ConvertProgress | undefined;
    const print = (p: ConvertProgress) => {
      stream.write(`${lines.clock()} frames ${lines.count(p.done)}  ${p.framesPerSecond.toFixed(2)} frames/s  faces ${p.faces}${lines.eta(p.done)}\n`);
      lines.printed(p.done);
    };
    return {
      update(p) {
        if (stopped) return;
        last = p;
        lines.setTotal(p.total);
        if (lines.due(p.done)) print(p);
      },
      log(line) {
        if (!stopped) stream.write(asLine(line));
      },
      stop() {
        if (stopped) return;
        stopped = true;
        if (last && !lines.wasPrinted(last.done)) print(last);
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
