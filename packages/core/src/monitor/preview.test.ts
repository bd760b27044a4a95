import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Image } from '../data/image.js';
import { toByte } from './canvas.js';
import { MASK_COLOR, MASK_OPACITY, cellOrigin, previewLayout, renderPreview, type PreviewColumns, type PreviewInput } from './preview.js';

/** A face-sized image whose every pixel depends on (seed, x, y, channel), so misplaced cells are caught. */
function pattern(size: number, seed: number): Image {
  const data = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) data[(y * size + x) * 3 + c] = ((x * 7 + y * 13 + c * 29 + seed * 37) % 97) / 96;
    }
  }
  return { width: size, height: size, channels: 3, data };
}

function side(n: number, size: number, seed: number, mask?: Image): PreviewColumns {
  const make = (k: number): Image[] => Array.from({ length: n }, (_, i) => pattern(size, seed + k * 10 + i));
  return { original: make(0), reconstruction: make(1), swap: make(2), mask: mask ? Array.from({ length: n }, () => mask) : undefined };
}

async function decode(png: Buffer): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

test('preview size: 64 px faces are upscaled 2x to 128 px cells under a header row', async () => {
  const input: PreviewInput = { a: side(3, 64, 1), b: side(3, 64, 2) };
  const meta = await sharp(await renderPreview(input)).metadata();
  assert.equal(meta.format, 'png');
  // 6 columns x 128; header max(24, round(128 / 4.5)) = 28; 3 rows.
  assert.equal(meta.width, 6 * 128);
  assert.equal(meta.height, 28 + 3 * 128);
});

test('preview splits into two column blocks when one block would be taller than wide', async () => {
  const input: PreviewInput = { a: side(8, 64, 1), b: side(8, 64, 2), title: 'iteration 100' };
  const layout = previewLayout(input);
  assert.equal(layout.blocks, 2);
  assert.equal(layout.rowsPerBlock, 4);
  const meta = await sharp(await renderPreview(input)).metadata();
  // Two blocks of 6 x 128 with an 8 px gap; title + header + 4 rows.
  assert.equal(meta.width, 2 * 6 * 128 + 8);
  assert.equal(meta.height, 28 + 28 + 4 * 128);
  assert.deepEqual(cellOrigin(layout, 5, 3), { x: 6 * 128 + 8 + 3 * 128, y: 56 + 128 });
});

test('each cell holds its face, nearest-upscaled, at the expected place (also in the second block)', async () => {
  const input: PreviewInput = { a: side(8, 48, 1), b: side(8, 48, 2), cellSize: 96 };
  const layout = previewLayout(input);
  const img = await decode(await renderPreview(input));
  const checks: [number, number, Image][] = [
    [1, 2, input.a.swap[1]],
    [6, 0, input.a.original[6]],
    [7, 5, input.b.swap[7]],
  ];
  for (const [sample, column, face] of checks) {
    const { x: ox, y: oy } = cellOrigin(layout, sample, column);
    for (let y = 0; y < 96; y++) {
      for (let x = 0; x < 96; x++) {
        const si = ((y >> 1) * 48 + (x >> 1)) * 3;
        const di = ((oy + y) * img.width + ox + x) * img.channels;
        for (let c = 0; c < 3; c++) {
          assert.equal(img.data[di + c], toByte(face.data[si + c]), `sample ${sample} col ${column} at ${x},${y} ch ${c}`);
        }
      }
    }
  }
});

for (const renderer of ['svg', 'bitmap'] as const) {
  test(`header labels are drawn (${renderer} text): dark ink on the light header above every column`, async () => {
    const input: PreviewInput = { a: side(2, 64, 1), b: side(2, 64, 2), textRenderer: renderer };
    const layout = previewLayout(input);
    const img = await decode(await renderPreview(input));
    for (let col = 0; col < 6; col++) {
      let dark = 0;
      let light = 0;
      // The middle half of the column's header, clear of the separators.
      for (let y = 0; y < layout.headerHeight; y++) {
        for (let x = col * 128 + 32; x < col * 128 + 96; x++) {
          const v = img.data[(y * img.width + x) * img.channels];
          if (v < 80) dark++;
          if (v > 200) light++;
        }
      }
      assert.ok(dark >= 10, `column ${col} header has ink (${dark} dark pixels)`);
      assert.ok(light > dark, `column ${col} header is mostly background`);
    }
  });
}

test('mask tint changes only out-of-mask pixels, by 30 % red, and only on the masked side', async () => {
  // Left half out of the mask, right half in it.
  const mask: Image = { width: 64, height: 64, channels: 1, data: new Float32Array(64 * 64) };
  for (let y = 0; y < 64; y++) for (let x = 32; x < 64; x++) mask.data[y * 64 + x] = 1;
  const plain: PreviewInput = { a: side(2, 64, 1), b: side(2, 64, 2) };
  const masked: PreviewInput = { a: side(2, 64, 1, mask), b: side(2, 64, 2) };
  const layout = previewLayout(plain);
  const p = await decode(await renderPreview(plain));
  const m = await decode(await renderPreview(masked));
  let changed = 0;
  for (let col = 0; col < 6; col++) {
    const { x: ox, y: oy } = cellOrigin(layout, 1, col);
    for (let y = 0; y < 128; y++) {
      for (let x = 0; x < 128; x++) {
        const i = ((oy + y) * p.width + ox + x) * p.channels;
        for (let c = 0; c < 3; c++) {
          const outside = col < 3 && x < 64;
          const expected = outside ? Math.round(p.data[i + c] * (1 - MASK_OPACITY) + MASK_COLOR[c] * MASK_OPACITY) : p.data[i + c];
          assert.equal(m.data[i + c], expected, `col ${col} at ${x},${y}`);
          if (m.data[i + c] !== p.data[i + c]) changed++;
        }
      }
    }
  }
  assert.ok(changed > 3 * 64 * 128, 'the tint is visible');
});

test('mismatched column lengths are rejected with the offending key', async () => {
  const input: PreviewInput = { a: side(3, 64, 1), b: { ...side(3, 64, 2), swap: side(2, 64, 3).swap } };
  await assert.rejects(renderPreview(input), /b\.swap has 2 images, expected 3/);
});
