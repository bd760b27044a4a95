/**
 * When a plain progress line is due (no terminal: logs, CI, pipes), and the ETA it shows. About
 * 20 lines per run (every 5 % of the count), at least one a minute however slow the work, one at
 * the end, and never two for the same count. A log read hours into a run must show life.
 */
import { formatClock } from './progress.js';

export interface PlainLinesOptions {
  /** The count the task ends at, when known. */
  total?: number;
  /** Count the task resumes from: spacing and ETA count from here. */
  startAt?: number;
  /** Clock in milliseconds (tests). */
  now?: () => number;
  /** A line at least this often (ms), given updates; default a minute. */
  maxSilence?: number;
}

export class PlainLines {
  private readonly now: () => number;
  private readonly began: number;
  private readonly startAt: number;
  private readonly maxSilence: number;
  private total: number | undefined;
  private lastPrinted: number | undefined;
  private lastPrintedAt: number;

  constructor(options: PlainLinesOptions = {}) {
    this.now = options.now ?? Date.now;
    this.began = this.now();
    this.lastPrintedAt = this.began;
    this.startAt = options.startAt ?? 0;
    this.maxSilence = options.maxSilence ?? 60_000;
    this.total = options.total;
  }

  /** Totals may become known (or change) after the task starts. */
  setTotal(total: number | undefined): void {
    this.total = total;
  }

  /** Seconds since the task started. */
  elapsed(): number {
    return (this.now() - this.began) / 1000;
  }

  /** `[hh:mm:ss]`: the elapsed time every line starts with. */
  clock(): string {
    return `[${formatClock(this.elapsed())}]`;
  }

  /** `done` or `done/total`. */
  count(done: number): string {
    return this.total !== undefined ? `${done}/${this.total}` : String(done);
  }

  due(done: number): boolean {
    if (done === this.lastPrinted) return false;
    if (this.total !== undefined && done >= this.total) return true;
    const step = this.total !== undefined ? Math.max(1, Math.ceil((this.total - this.startAt) / 20)) : Infinity;
    const since = this.lastPrinted ?? this.startAt;
    return done - since >= step || this.now() - this.lastPrintedAt >= this.maxSilence;
  }

  /** Call after writing the line for `done`. */
  printed(done: number): void {
    this.lastPrinted = done;
    this.lastPrintedAt = this.now();
  }

  /** Whether the last line written was for `done` (stop() prints the last count only if not). */
  wasPrinted(done: number): boolean {
    return this.lastPrinted === done;
  }

  /** `  ETA hh:mm:ss` at the rate so far, or '' when the total is unknown, reached, or nothing is done yet. */
  eta(done: number): string {
    const seconds = this.elapsed();
    const progressed = done - this.startAt;
    if (this.total === undefined || done >= this.total || progressed <= 0 || seconds <= 0) return '';
    return `  ETA ${formatClock(((this.total - done) * seconds) / progressed)}`;
  }
}
