import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createForge, silentLogger, type MediaInfo, type OutputFrame } from '@faceforge/core';
import { writerPlugins } from './writer-plugins.js';

/** A noisy 64×64 frame: JPEG quality shows in the file size. */
function noisyFrame(): OutputFrame {
  const data = new Uint8Array(64 * 64 * 3);
  let seed = 7;
  for (let i = 0; i < data.length; i++) data[i] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 255;
  return { index: 0, name: 'frame', image: { width: 64, height: 64, data }, swapped: 0 };
}

test('a writer opens with its section as the forge was configured for the run', async () => {
  const forge = await createForge({ log: silentLogger, discover: false, plugins: writerPlugins });
  assert.deepEqual(forge.writers.names(), ['gif', 'jpeg', 'mp4', 'png']);
  const media: MediaInfo = { path: 'in', kind: 'images', width: 64, height: 64, frameCount: 1 };
  const sizeAt = async (quality: number) => {
    forge.configure({ 'convert.writer.jpeg': { quality } });
    const output = await mkdtemp(join(tmpdir(), 'ff-jpeg-'));
    try {
      const writer = await forge.writers.get('jpeg').open({ output, media, config: {}, wholeVideo: true, log: silentLogger });
      await writer.write(noisyFrame());
      await writer.finish();
      return (await readFile(join(output, 'frame.jpg'))).length;
    } finally {
      await rm(output, { recursive: true, force: true });
    }
  };
  assert.ok((await sizeAt(10)) < (await sizeAt(95)) / 2, 'quality 10 is far smaller than quality 95');
});
