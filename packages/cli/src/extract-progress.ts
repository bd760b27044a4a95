/**
 * Extraction progress: a live bar on a TTY (frames, faces, faces/s, ETA), otherwise plain lines
 * (see plain-lines.ts: every ~5 % of the frames, at least once a minute, with an ETA when the
 * frame count is known), always ending with the last.
 */
import type { ExtractProgress } from '@faceforge/core/extract';
import { PlainLines } from './plain-lines.js';
import { asLine, createLiveBar, wantsLiveBar } from './live-bar.js';

export interface ExtractProgressView {
  update(progress: ExtractProgress): void;
  /** A message that must not be overwritten by the bar. */
  log(line: string): void;
  stop(): void;
}

export function createExtractProgress(options: { stream?: NodeJS.WriteStream; interactive?: boolean; now?: () => number } = {}): ExtractProgressView {
  const stream = options.stream ?? process.stderr;
  let stopped = false;
  if (!wantsLiveBar(stream, options.interactive)) {
    const lines = new PlainLines({ now: options.now });
    let last: ExtractProgress | undefined;
    const print = (p: ExtractProgress) => {
      stream.write(`${lines.clock()} frames ${lines.count(p.frames)}  faces ${p.faces}  ${p.facesPerSecond.toFixed(2)} faces/s${lines.eta(p.frames)}\n`);
      lines.printed(p.frames);
    };
    return {
      update(p) {
        if (stopped) return;
        last = p;
        lines.setTotal(p.total);
        if (p.frames > 0 && lines.due(p.frames)) print(p);
      },
      log(line) {
        if (!stopped) stream.write(asLine(line));
      },
      stop() {
        if (stopped) return;
        stopped = true;
        if (last && last.frames > 0 && !lines.wasPrinted(last.frames)) print(last);
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
