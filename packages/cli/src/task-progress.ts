import { PlainLines } from './plain-lines.js';
import { asLine, createLiveBar, wantsLiveBar } from './live-bar.js';

/**
 * Progress of a counted task (masks added, mask-training iterations): a live bar on a TTY,
 * otherwise plain lines (see plain-lines.ts), always ending with the last count seen.
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
  const lines = new PlainLines({ total: options.total, startAt: options.startAt, now: options.now });
  let last: { done: number; text: string } | undefined;
  let stopped = false;
  const print = (done: number, text: string) => {
    stream.write(`${lines.clock()} ${options.unit} ${lines.count(done)}  ${text}${lines.eta(done)}\n`);
    lines.printed(done);
  };
  return {
    update(done, text) {
      if (stopped) return;
      last = { done, text };
      if (lines.due(done)) print(done, text);
    },
    log(line) {
      if (!stopped) stream.write(asLine(line));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (last && !lines.wasPrinted(last.done)) print(last.done, last.text);
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
