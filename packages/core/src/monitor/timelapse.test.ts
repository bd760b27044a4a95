import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Image } from '../data/image.js';
import { timelapseFileName, writeJpeg } from './timelapse.js';

test('timelapse frames are named by unix seconds', () => {
  assert.equal(timelapseFileName(new Date(1_700_000_000_999)), '1700000000.jpg');
  assert.throws(() => timelapseFileName(new Date(NaN)), /invalid date/);
});

test('writeJpeg round-trips through sharp and leaves no temporary file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'faceforge-timelapse-'));
  try {
    const w = 80;
    const h = 48;
    const rgb: Image = { width: w, height: h, channels: 3, data: new Float32Array(w * h * 3) };
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3;
        rgb.data[i] = x / (w - 1);
        rgb.data[i + 1] = y / (h - 1);
        rgb.data[i + 2] = 0.5;
      }
    }
    const path = join(dir, timelapseFileName(new Date(1_700_000_000_000)));
    await writeJpeg(path, rgb);
    const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels], [w, h, 3]);
    let err = 0;
    for (let i = 0; i < data.length; i++) err += Math.abs(data[i] - rgb.data[i] * 255);
    assert.ok(err / data.length < 4, `mean abs error ${err / data.length} is JPEG-small`);

    const grey: Image = { width: 16, height: 16, channels: 1, data: new Float32Array(256).fill(0.25) };
    await writeJpeg(join(dir, 'grey.jpg'), grey);
    const meta = await sharp(join(dir, 'grey.jpg')).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 16, 16]);

    assert.deepEqual((await readdir(dir)).sort(), ['1700000000.jpg', 'grey.jpg']);
    await assert.rejects(writeJpeg(join(dir, 'bad.jpg'), { ...grey, width: 17 }), /expected 17x16x1/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
