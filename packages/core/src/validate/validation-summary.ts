/** The lines `analyze` prints about a model's identity validation (state.json `validation`). */
import type { ModelState } from '../train/model-state.js';
import { formatValidationLine } from './training-validation.js';

const f3 = (v: number) => v.toFixed(3);

export function formatValidationSummary(state: Pick<ModelState, 'validation' | 'validationSet'>): string[] {
  const records = state.validation ?? [];
  const set = state.validationSet;
  if (records.length === 0) return ['validation: none recorded (train with --validate-every N)'];
  const lines: string[] = [];
  if (set) {
    lines.push(`validation: ${records.length} passes on ${set.faces.a} A and ${set.faces.b} B held-out faces (${set.from === 'folder' ? 'folders given' : `a time segment, by ${set.from === 'frame' ? 'frame number' : 'file name'}`}); ` +
      `untouched originals: A to A ${f3(set.originals.a.toA)} to B ${f3(set.originals.a.toB)}, B to B ${f3(set.originals.b.toB)} to A ${f3(set.originals.b.toA)}`);
  }
  const best = records.reduce((p, q) => (q.score > p.score ? q : p));
  const becameB = records.find((r) => r.aToB.nearerB >= 0.5 && r.aToB.toB < r.aToA.toB);
  lines.push(`  latest ${formatValidationLine(records.at(-1)!)}`);
  lines.push(`  best   ${formatValidationLine(best)}`);
  lines.push(becameB
    ? `  the A>B swap is nearer B than A for most held-out faces, and nearer B than the control, from iteration ${becameB.iteration}`
    : '  the A>B swap is not yet nearer B than A for most held-out faces (or not nearer B than the control): train longer');
  return lines;
}
