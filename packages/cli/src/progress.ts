import { asLine, createLiveBar, wantsLiveBar } from './live-bar.js';

export interface ProgressInfo {
  /** Examples per second, both sides (faceswap's EG/s). */
  egPerSec: number;
  lossA: number;
  lossB: number;
}

export interface ProgressOptions {
  /** Iteration at which training will stop; Infinity when it stops on time or by signal (no ETA). */
  total: number;
  /** Iteration training resumed from (0 for a fresh model); ETA and plain-line spacing count from here. */
  startAt: number;
  stream?: NodeJS.WriteStream;
  /** Live bar; default: the stream is a TTY and $CI is not set. */
  interactive?: boolean;
  /** Plain mode: a line every this many iterations; default about 20 lines per run. */
  plainEvery?: number;
  /** Plain mode: a line at least this often however slow the iterations (ms); default a minute. */
  plainMaxSilence?: number;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

export interface Progress {
  update(iteration: number, info: ProgressInfo): void;
  /** A message that must not be overwritten by the bar (save notices, warnings). */
  log(line: string): void;
  stop(): void;
}

/** Seconds as hh:mm:ss (hours grow past 99). */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor((s % 3600) / 60))}:${p(s % 60)}`;
}

/**
 * Training progress for the terminal: a live cli-progress bar on a TTY, otherwise
 * plain log lines (CI, files, pipes) at a fixed iteration spacing, always ending with
 * the last iteration seen so a log shows where training stopped.
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  return wantsLiveBar(stream, options.interactive) ? barProgress(options, stream) : plainProgress(options, stream);
}

function plainProgress(options: ProgressOptions, stream: NodeJS.WriteStream): Progress {
  const now = options.now ?? Date.now;
  const began = now();
  const open = !Number.isFinite(options.total);
  const span = open ? 200 : Math.max(1, options.total - options.startAt);
  const every = Math.max(1, Math.floor(options.plainEvery ?? Math.ceil(span / 20)));
  let nextLine = options.startAt + every;
  let last: { iteration: number; info: ProgressInfo } | undefined;
  let lastPrinted = -Infinity;
  let lastPrintedAt = began;
  // A log read days into a run must show life: a line a minute even when iterations are slow.
  const maxSilence = options.plainMaxSilence ?? 60_000;
  let stopped = false;

  const print = (iteration: number, info: ProgressInfo): void => {
    const seconds = (now() - began) / 1000;
    const done = iteration - options.startAt;
    let eta = '';
    if (!open && done > 0 && iteration < options.total && seconds > 0) eta = `  ETA ${formatClock(((options.total - iteration) * seconds) / done)}`;
    stream.write(
      `[${formatClock(seconds)}] iter ${iteration}${open ? '' : `/${options.total}`}  EG/s ${info.egPerSec.toFixed(1)}  loss A ${info.lossA.toFixed(4)}  loss B ${info.lossB.toFixed(4)}${eta}\n`,
    );
    lastPrinted = iteration;
    lastPrintedAt = now();
  };

  return {
    update(iteration, info) {
      if (stopped) return;
      last = { iteration, info };
      // Compare against the next due mark, not `% every`, so callers that update sparsely still get lines.
      if (iteration >= nextLine || iteration >= options.total || now() - lastPrintedAt >= maxSilence) {
        print(iteration, info);
        nextLine = options.startAt + (Math.floor((iteration - options.startAt) / every) + 1) * every;
      }
    },
    log(line) {
      if (!stopped) stream.write(asLine(line));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (last && last.iteration !== lastPrinted) print(last.iteration, last.info);
    },
  };
}

function barProgress(options: ProgressOptions, stream: NodeJS.WriteStream): Progress {
  const payload = (info?: ProgressInfo): object => ({
    eg: info ? info.egPerSec.toFixed(1) : '-',
    lossA: info ? info.lossA.toFixed(4) : '-',
    lossB: info ? info.lossB.toFixed(4) : '-',
  });
  const bar = createLiveBar(stream, {
    format: Number.isFinite(options.total)
      ? ' {bar} {value}/{total} | EG/s {eg} | loss A {lossA} | loss B {lossB} | ETA {eta_formatted}'
      : ' iteration {value} | EG/s {eg} | loss A {lossA} | loss B {lossB} | {duration_formatted}',
    total: Number.isFinite(options.total) ? options.total : 0,
    startAt: options.startAt,
    payload: payload(),
    // When forced on a non-TTY stream, still draw (one line per redraw).
    extra: { etaBuffer: 100, noTTYOutput: stream.isTTY !== true },
  });
  return {
    update: (iteration, info) => bar.update(iteration, payload(info)),
    log: (line) => bar.log(line),
    stop: () => bar.stop(),
  };
}
