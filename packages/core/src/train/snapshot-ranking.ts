/**
 * Snapshots ranked by identity (validate/): each snapshot's state.json holds the validation pass of
 * its own iteration (the trainer validates before the save a snapshot copies). `--keep-best K` is
 * the retention of the interval snapshots: after each new snapshot, only the K with the best
 * score stay. Snapshots without a score (taken while validation was off) are never removed by it:
 * nothing says they are worse.
 */
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { readState } from './model-state.js';
import { listSnapshots } from './snapshot.js';
import type { ValidationRecord } from '../validate/validation-record.js';

export interface RankedSnapshot {
  dir: string;
  iterations: number;
  /** The validation pass of the snapshot's iteration (the latest at or before it); absent when it was never validated. */
  validation?: ValidationRecord;
}

/** The snapshots of a model, best identity score first; unscored ones last, newest first. */
export async function rankSnapshots(modelDir: string): Promise<RankedSnapshot[]> {
  const ranked: RankedSnapshot[] = [];
  for (const dir of await listSnapshots(modelDir)) {
    const state = await readState(dir).catch(() => undefined);
    if (!state) continue;
    const validation = (state.validation ?? []).filter((r) => r.iteration <= state.iterations).at(-1);
    ranked.push({ dir, iterations: state.iterations, ...(validation ? { validation } : {}) });
  }
  return ranked.sort((x, y) => {
    if (x.validation && y.validation) return y.validation.score - x.validation.score || y.iterations - x.iterations;
    if (x.validation || y.validation) return x.validation ? -1 : 1;
    return y.iterations - x.iterations;
  });
}

/** Removes the scored snapshots outside the `keep` best; returns the folders removed. */
export async function keepBestSnapshots(modelDir: string, keep: number): Promise<string[]> {
  if (!(Number.isInteger(keep) && keep >= 1)) throw new RangeError(`--keep-best must be a whole number >= 1, got ${keep}`);
  const scored = (await rankSnapshots(modelDir)).filter((s) => s.validation);
  const removed: string[] = [];
  for (const snapshot of scored.slice(keep)) {
    await rm(snapshot.dir, { recursive: true, force: true });
    removed.push(snapshot.dir);
  }
  return removed;
}

/** "name (score +0.123)" for log lines. */
export function describeSnapshot(snapshot: RankedSnapshot): string {
  const score = snapshot.validation ? `score ${snapshot.validation.score >= 0 ? '+' : ''}${snapshot.validation.score.toFixed(3)}` : 'not validated';
  return `${basename(snapshot.dir)} (${score})`;
}
