import cliProgress from 'cli-progress';
import { formatClock } from './progress.js';

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
  const interactive = options.interactive ?? (stream.isTTY === true && !process.env.CI);
  return interactive ? barTaskProgress(options, stream) : plainTaskProgress(options, stream);
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
      if (!stopped) stream.write(line.endsWith('\n') ? line : `${line}\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (last && last.done !== lastPrinted) print(last.done, last.text);
    },
  };
}

function barTaskProgress(options: TaskProgressOptions, stream: NodeJS.WriteStream): TaskProgress {
  const multi = new cliProgress.MultiBar(
    { stream, format: ` {bar} {value}/{total} ${options.unit} | {text} | ETA {eta_formatted}`, barsize: 30, hideCursor: true, clearOnComplete: false, noTTYOutput: stream.isTTY !== true },
    cliProgress.Presets.shades_classic,
  );
  const bar = multi.create(options.total, options.startAt ?? 0, { text: '' });
  let stopped = false;
  return {
    update(done, text) {
      if (!stopped) bar.update(done, { text });
    },
    log(line) {
      if (stopped) return;
      multi.log(line.endsWith('\n') ? line : `${line}\n`);
      multi.update();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      multi.stop();
    },
  };
}
