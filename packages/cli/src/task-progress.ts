import { formatClock } from './progress.js';
import { asLine, createLiveBar, wantsLiveBar } from './live-bar.js';

/**
 * Progress of a counted task (masks added, mask-training iterations): a live bar on a TTY,
 * otherwise about 20 plain lines per run, always ending with the last count seen.
 * Each update carries the text to show after the count (rate, loss...).
 */
export interface TaskProgress {
  update(done: number, text: string): void;
  log(line: string): void;
  stop(): void;
}

export interface TaskProgressOptions {
  total: number;
  /** Count the task resumes from (mask training continues a weights file). */
  startAt?: number;
  /** What is counted, e.g. 'faces' or 'iter'. */
  unit: string;
  stream?: NodeJS.WriteStream;
  interactive?: boolean;
  now?: () => number;
}

export function createTaskProgress(options: TaskProgressOptions): TaskProgress {
  const stream = options.stream ?? process.stderr;
  return wantsLiveBar(stream, options.interactive) ? barTaskProgress(options, stream) : plainTaskProgress(options, stream);
}

function plainTaskProgress(options: TaskProgressOptions, stream: NodeJS.WriteStream): TaskProgress {
  const now = options.now ?? Date.now;
  const began = now();
  const startAt = options.startAt ?? 0;
  const every = Math.max(1, Math.ceil((options.total - startAt) / 20));
  let nextLine = startAt + every;
  let last: { done: number; text: string } | undefined;
  let lastPrinted = -1;
  let stopped = false;
  const print = (done: number, text: string) => {
    stream.write(`[${formatClock((now() - began) / 1000)}] ${options.unit} ${done}/${options.total}  ${text}\n`);
    lastPrinted = done;
  };
  return {
    update(done, text) {
      if (stopped) return;
      last = { done, text };
      if (done >= nextLine || done >= options.total) {
        print(done, text);
        nextLine = startAt + (Math.floor((done - startAt) / every) + 1) * every;
      }
    },
    log(line) {
      if (!stopped) stream.write(asLine(line));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (last && last.done !== lastPrinted) print(last.done, last.text);
    },
  };
}

function barTaskProgress(options: TaskProgressOptions, stream: NodeJS.WriteStream): TaskProgress {
  const bar = createLiveBar(stream, {
    format: ` {bar} {value}/{total} ${options.unit} | {text} | ETA {eta_formatted}`,
    total: options.total,
    startAt: options.startAt ?? 0,
    payload: { text: '' },
    extra: { noTTYOutput: stream.isTTY !== true },
  });
  return {
    update: (done, text) => bar.update(done, { text }),
    log: (line) => bar.log(line),
    stop: () => bar.stop(),
  };
}
