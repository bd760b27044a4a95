/** One training session as faceswap's Analysis tab summarises it. */
export interface SessionRecord {
  id: number;
  /** ISO 8601 timestamps. */
  start: string;
  end: string;
  batchSize: number;
  iterations: number;
}

export interface SessionTableOptions {
  /** Show start/end in UTC instead of local time (stable output for logs and tests). */
  utc?: boolean;
}

/** Seconds as hh:mm:ss; hours keep growing past 99 rather than wrapping into days. */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

/** faceswap's rate: examples per second counting both sides, batch × 2 × iterations / elapsed. */
export function egPerSecond(batchSize: number, iterations: number, elapsedSeconds: number): number {
  return elapsedSeconds > 0 ? (batchSize * 2 * iterations) / elapsedSeconds : 0;
}

function parseTime(iso: string, what: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`session ${what} is not a valid ISO time: ${JSON.stringify(iso)}`);
  return d;
}

function formatTime(d: Date, utc: boolean): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const [y, mo, day, h, mi, s] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${y}-${p(mo)}-${p(day)} ${p(h)}:${p(mi)}:${p(s)}`;
}

/**
 * Plain-text session summary like faceswap's Analysis tab: one row per session and a
 * Total row (first start, last end, summed elapsed and iterations, overall EG/s, the
 * distinct batch sizes). Numbers are right-aligned; the rate has one decimal.
 */
export function formatSessionTable(sessions: SessionRecord[], options: SessionTableOptions = {}): string {
  const utc = options.utc ?? false;
  const header = ['Session', 'Start', 'End', 'Elapsed', 'Batch', 'Iterations', 'EG/s'];
  const numeric = [true, false, false, true, true, true, true];
  const rows: string[][] = [];
  let totalSeconds = 0;
  let totalIterations = 0;
  let totalExamples = 0;
  const batches: number[] = [];

  for (const s of sessions) {
    const start = parseTime(s.start, 'start');
    const end = parseTime(s.end, 'end');
    const seconds = (end.getTime() - start.getTime()) / 1000;
    if (seconds < 0) throw new RangeError(`session ${s.id} ends before it starts (${s.start} > ${s.end})`);
    totalSeconds += seconds;
    totalIterations += s.iterations;
    totalExamples += s.batchSize * 2 * s.iterations;
    if (!batches.includes(s.batchSize)) batches.push(s.batchSize);
    rows.push([
      String(s.id),
      formatTime(start, utc),
      formatTime(end, utc),
      formatElapsed(seconds),
      String(s.batchSize),
      String(s.iterations),
      egPerSecond(s.batchSize, s.iterations, seconds).toFixed(1),
    ]);
  }
  if (sessions.length > 0) {
    rows.push([
      'Total',
      rows[0][1],
      rows[rows.length - 1][2],
      formatElapsed(totalSeconds),
      batches.join(','),
      String(totalIterations),
      (totalSeconds > 0 ? totalExamples / totalSeconds : 0).toFixed(1),
    ]);
  }

  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string =>
    cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const body = rows.map(line);
  // Separate the total from the sessions it sums.
  if (body.length > 0) body.splice(body.length - 1, 0, rule);
  return [line(header), rule, ...body].join('\n');
}
