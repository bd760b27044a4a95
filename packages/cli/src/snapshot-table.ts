/** The table `snapshots rank` and `snapshots fuse` print: one row per snapshot and its validation figures. */
import { basename } from 'node:path';
import type { RankedSnapshot, ValidationRecord } from '@faceforge/core/train';

const f3 = (v: number) => v.toFixed(3);
const pct = (v: number) => `${Math.round(v * 100)}%`.padStart(4);

export function formatValidationCells(r: ValidationRecord): string {
  return `${(r.score >= 0 ? '+' : '') + f3(r.score)}  ${f3(r.aToB.toB)}  ${f3(r.aToB.toA)}  ${pct(r.aToB.nearerB)}  ${f3(r.aToA.toB)}  ${f3(r.bToA.toA)}  ${pct(1 - r.bToA.nearerB)}  ${f3(r.ssim.a)}  ${f3(r.ssim.b)}`;
}

export const VALIDATION_HEADER = ' score  A>B:B  A>B:A  isB   A>A:B  B>A:A  isA   SSIM-A SSIM-B';

export function formatRankTable(ranked: readonly RankedSnapshot[], labelOf: (s: RankedSnapshot) => string = (s) => basename(s.dir)): string {
  const width = Math.max(8, ...ranked.map((s) => labelOf(s).length));
  const lines = [`${'#'.padStart(3)}  ${'snapshot'.padEnd(width)}  ${'iters'.padStart(8)}  ${VALIDATION_HEADER}`];
  ranked.forEach((s, i) => {
    lines.push(`${String(i + 1).padStart(3)}  ${labelOf(s).padEnd(width)}  ${String(s.iterations).padStart(8)}  ${s.validation ? formatValidationCells(s.validation) : '(not validated)'}`);
  });
  lines.push("A>B:B = mean face-api distance of held-out A swapped to B from B's mean (A>B:A from A's); isB = share nearer B's mean than A's; A>A = the control (A through its own decoder).");
  return lines.join('\n');
}
