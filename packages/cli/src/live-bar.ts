/**
 * The pieces every progress view shares: whether to draw a live bar, and the bar itself.
 * A MultiBar holding one SingleBar: MultiBar.log() prints above the bar and redraws it,
 * which a bare SingleBar cannot do without its output being overwritten.
 */
import cliProgress from 'cli-progress';

/** A live bar on a TTY unless $CI is set; plain lines otherwise (files, pipes, CI logs). */
export function wantsLiveBar(stream: NodeJS.WriteStream, interactive?: boolean): boolean {
  return interactive ?? (stream.isTTY === true && !process.env.CI);
}

/** `line` ending in exactly the newline it needs. */
export function asLine(line: string): string {
  return line.endsWith('\n') ? line : `${line}\n`;
}

export interface LiveBar {
  /** Moves the bar; `total` changes it when given (counts that become known late). */
  update(value: number, payload: object, total?: number): void;
  /** A message printed above the bar, never overwritten. */
  log(line: string): void;
  stop(): void;
}

export interface LiveBarOptions {
  format: string;
  total: number;
  startAt: number;
  payload: object;
  /** Further cli-progress options (etaBuffer, noTTYOutput...). */
  extra?: cliProgress.Options;
}

export function createLiveBar(stream: NodeJS.WriteStream, options: LiveBarOptions): LiveBar {
  const multi = new cliProgress.MultiBar(
    { stream, format: options.format, barsize: 30, hideCursor: true, clearOnComplete: false, ...options.extra },
    cliProgress.Presets.shades_classic,
  );
  const bar = multi.create(options.total, options.startAt, options.payload);
  let stopped = false;
  return {
    update(value, payload, total) {
      if (stopped) return;
      if (total !== undefined) bar.setTotal(total);
      bar.update(value, payload);
    },
    log(line) {
      if (stopped) return;
      multi.log(asLine(line));
      // MultiBar only flushes its log buffer on the next scheduled redraw, and stop() drops it,
      // so redraw now: the line is never lost and appears when it happens.
      multi.update();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      multi.stop();
    },
  };
}
