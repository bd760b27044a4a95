import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point } from '../data/image.js';
import { transformPoints, type AffineMatrix } from '../image/affine.js';
import { matrixScale, umeyama } from './umeyama.js';
import { MEAN_FACE_2D_51 } from './mean-face.js';

function similarity(scale: number, degrees: number, tx: number, ty: number): AffineMatrix {
  const r = (degrees * Math.PI) / 180;
  return [scale * Math.cos(r), -scale * Math.sin(r), tx, scale * Math.sin(r), scale * Math.cos(r), ty];
}

const close = (actual: readonly number[], expected: readonly number[], tolerance: number) =>
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= tolerance, `[${i}] ${v} vs ${expected[i]}`));

test('umeyama recovers known similarity transforms exactly', () => {
  const source = MEAN_FACE_2D_51.map((p): Point => [p[0] * 200 + 30, p[1] * 180 - 12]);
  for (const [scale, degrees, tx, ty] of [[1, 0, 0, 0], [0.004, 17, 0.3, -0.2], [3.5, -120, 40, 12], [0.5, 180, -7, 9]] as const) {
    const truth = similarity(scale, degrees, tx, ty);
    const estimated = umeyama(source, transformPoints(source, truth));
    close(estimated, truth, 1e-9 * Math.max(1, Math.abs(tx), Math.abs(ty)));
    assert.ok(Math.abs(matrixScale(estimated) - scale) < 1e-12);
  }
});

test('umeyama is the least-squares fit under noise and never reflects', () => {
  const source: Point[] = [[0, 0], [10, 0], [10, 10], [0, 10], [5, 3]];
  const truth = similarity(2, 30, 5, -4);
  const noisy = transformPoints(source, truth).map(([x, y], i): Point => [x + (i % 2 ? 0.3 : -0.3), y + (i % 3 ? -0.2 : 0.2)]);
  const estimated = umeyama(source, noisy);
  close([estimated[0], estimated[1], estimated[3], estimated[4]], [truth[0], truth[1], truth[3], truth[4]], 0.05);
  close([estimated[2], estimated[5]], [truth[2], truth[5]], 0.3);
  // Residual is no larger than the true transform's (it is the least-squares optimum).
  const residual = (m: AffineMatrix) => transformPoints(source, m).reduce((s, [x, y], i) => s + (x - noisy[i]![0]) ** 2 + (y - noisy[i]![1]) ** 2, 0);
  assert.ok(residual(estimated) <= residual(truth) + 1e-12);
  // A mirrored target is fitted by a proper rotation (positive determinant), as faceswap's Umeyama does.
  const mirrored = source.map(([x, y]): Point => [-x, y]);
  const m = umeyama(source, mirrored);
  assert.ok(m[0] * m[4] - m[1] * m[3] > 0);
});

test('umeyama rejects degenerate input', () => {
  assert.throws(() => umeyama([[1, 1]], [[2, 2]]), /at least 2/);
  assert.throws(() => umeyama([[1, 1], [1, 1]], [[0, 0], [1, 1]]), /same point/);
});
