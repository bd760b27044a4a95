import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisPhases } from './polyphase.js';

// Brute force: which (dy index, tap) pairs feed dx[i] in a forward conv with this geometry.
function contributions(inSize: number, outSize: number, k: number, s: number, pad: number, i: number): string[] {
  const out: string[] = [];
  for (let o = 0; o < outSize; o++) for (let t = 0; t < k; t++) if (o * s - pad + t === i) out.push(`${o}:${t}`);
  return out.sort();
}

test('axisPhases reproduces exactly the (dy, tap) pairs of the transposed convolution', () => {
  for (const k of [1, 2, 3, 5]) for (const s of [1, 2, 3]) for (const inSize of [1, 4, 7, 8, 9]) for (const pad of [0, 1, 2]) {
    if (inSize + 2 * pad < k) continue;
    const outSize = Math.floor((inSize + 2 * pad - k) / s) + 1;
    const phases = axisPhases(inSize, outSize, k, s, pad);
    assert.equal(phases.reduce((n, p) => n + p.count, 0), inSize);
    for (const p of phases) {
      for (let q = 0; q < p.count; q++) {
        const i = p.phase + s * q;
        // Correlation over padded dy: flipped tap j' reads dy[q − padBefore + j'] and uses tap firstTap + s·(taps−1−j').
        const got: string[] = [];
        for (let j = 0; j < p.taps; j++) {
          const o = q - p.padBefore + j;
          if (o >= 0 && o < outSize) got.push(`${o}:${p.firstTap + s * (p.taps - 1 - j)}`);
        }
        assert.deepEqual(got.sort(), contributions(inSize, outSize, k, s, pad, i), `k${k} s${s} n${inSize} pad${pad} i${i}`);
      }
      if (p.count > 0 && p.taps > 0) assert.equal(outSize + p.padBefore + p.padAfter - p.taps + 1, p.count, 'conv output size');
    }
  }
});
