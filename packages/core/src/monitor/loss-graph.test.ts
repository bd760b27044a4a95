import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { COLOR_A, COLOR_B, RAW_ALPHA, renderLossGraph, type LossPoint } from './loss-graph.js';
import type { Rgb } from './canvas.js';

function history(n: number): LossPoint[] {
  let seed = 7;
  const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: n }, (_, i) => ({
    iteration: i + 1,
    a: 0.03 + 0.1 * Math.exp(-i / 200) + 0.01 * rnd(),
    b: 0.04 + 0.08 * Math.exp(-i / 250) + 0.01 * rnd(),
  }));
}

async function countColors(png: Buffer, colors: Rgb[]): Promise<number[]> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const counts = colors.map(() => 0);
  for (let i = 0; i < data.length; i += info.channels) {
    colors.forEach((c, k) => {
      if (data[i] === c[0] && data[i + 1] === c[1] && data[i + 2] === c[2]) counts[k]++;
    });
  }
  return counts;
}

const overWhite = (c: Rgb): Rgb => c.map((v) => Math.round(255 * (1 - RAW_ALPHA) + v * RAW_ALPHA)) as unknown as Rgb;

for (const renderer of ['svg', 'bitmap'] as const) {
  test(`loss graph PNG has the requested size and both series in their colours (${renderer} text)`, async () => {
    const png = await renderLossGraph(history(1000), { width: 640, height: 320, sessions: [1, 400, 800], title: 'loss', textRenderer: renderer });
    const meta = await sharp(png).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, 640);
    assert.equal(meta.height, 320);
    const [a, b, rawA, rawB] = await countColors(png, [COLOR_A, COLOR_B, overWhite(COLOR_A), overWhite(COLOR_B)]);
    // Bold EMA lines: 3 px wide across most of a ~550 px plot.
    assert.ok(a > 600, `EMA A pixels: ${a}`);
    assert.ok(b > 600, `EMA B pixels: ${b}`);
    // Faint raw lines: the series colour at 30 % over the white background.
    assert.ok(rawA > 100, `raw A pixels: ${rawA}`);
    assert.ok(rawB > 100, `raw B pixels: ${rawB}`);
  });
}

test('session lines are drawn in range; log scale, a single point and an empty history still render', async () => {
  const base = await renderLossGraph(history(300), { width: 400, height: 240, textRenderer: 'bitmap' });
  const withSessions = await renderLossGraph(history(300), { width: 400, height: 240, sessions: [100], textRenderer: 'bitmap' });
  const grey: Rgb = [120, 120, 120];
  const [g0] = await countColors(base, [grey]);
  const [g1] = await countColors(withSessions, [grey]);
  assert.ok(g1 > g0 + 50, `dashed session line adds grey pixels (${g0} -> ${g1})`);

  for (const png of [
    await renderLossGraph(history(300), { logScale: true, width: 400, height: 240 }),
    await renderLossGraph([{ iteration: 5, a: 0.1, b: 0.2 }], { width: 400, height: 240 }),
    await renderLossGraph([], { width: 400, height: 240 }),
    await renderLossGraph([{ iteration: 1, a: NaN, b: 0.1 }, { iteration: 2, a: 0.05, b: Infinity }], { width: 400, height: 240, logScale: true }),
  ]) {
    const meta = await sharp(png).metadata();
    assert.deepEqual([meta.width, meta.height], [400, 240]);
  }
  await assert.rejects(renderLossGraph(history(10), { width: 50, height: 50 }), /at least 160x120/);
});
