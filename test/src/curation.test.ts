import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { type FaceMetadata, type Point } from '@faceforge/core';
import { readFaceMetadata, writeFaceFile } from '@faceforge/core/extract';
import { extractedFaces, runFaceforge, tempDir } from './support.js';

/** The face turned `degrees` clockwise on screen about its centre (same size), landmarks turned with it. */
async function rotatedCopy(path: string, degrees: number, target: string): Promise<void> {
  const metadata = (await readFaceMetadata(path))!;
  const size = metadata.size;
  const turned = await sharp(path).rotate(degrees, { background: { r: 0, g: 0, b: 0 } }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const left = Math.floor((turned.info.width - size) / 2);
  const top = Math.floor((turned.info.height - size) / 2);
  const pixels = await sharp(turned.data, { raw: { width: turned.info.width, height: turned.info.height, channels: 3 } }).extract({ left, top, width: size, height: size }).raw().toBuffer();
  const radians = (degrees * Math.PI) / 180;
  const centre = (size - 1) / 2;
  const landmarks = metadata.landmarks.map(([x, y]): Point => [
    centre + (x - centre) * Math.cos(radians) - (y - centre) * Math.sin(radians),
    centre + (x - centre) * Math.sin(radians) + (y - centre) * Math.cos(radians),
  ]);
  await writeFaceFile(target, { width: size, height: size, data: new Uint8Array(pixels) }, { ...metadata, landmarks });
}

async function blurredCopy(path: string, sigma: number, target: string): Promise<void> {
  const metadata = (await readFaceMetadata(path)) as FaceMetadata;
  const pixels = await sharp(path).blur(sigma).removeAlpha().raw().toBuffer();
  await writeFaceFile(target, { width: metadata.size, height: metadata.size, data: new Uint8Array(pixels) }, metadata);
}

test('select picks the frontal, sharp originals over rotated and blurred copies; sort orders by blur, yaw and size and renames in order', async () => {
  const dir = await tempDir('ff-curate-');
  const originals = (await extractedFaces()).slice(0, 10);
  for (const file of originals) await copyFile(file, join(dir, basename(file)));
  for (const [i, file] of originals.slice(0, 3).entries()) {
    await rotatedCopy(file, 30 + 10 * i, join(dir, `rotated_${i}.png`));
    await blurredCopy(file, 2.5, join(dir, `blurred_${i}.png`));
  }
  const ok = async (args: string[]) => {
    const run = await runFaceforge(args);
    assert.equal(run.code, 0, `faceforge ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
    return run;
  };

  const out = join(dir, 'best');
  const selected = await ok(['select', '-i', dir, '-o', out, '--top', '10', '-v']);
  const chosen = (await readdir(out)).filter((n) => n.endsWith('.png')).sort();
  assert.deepEqual(chosen, originals.map((f) => basename(f)).sort(), selected.stdout);
  assert.match(selected.stdout, /selected 10 of 16 faces .*3 blurry/);
  assert.match(selected.stdout, /reference face: franck_\d+_0\.png \(score [\d.]+ = similarity [\d.]+ × eye-line [\d.]+\)/);
  assert.match(selected.stdout, /^yaw \(/m);
  assert.match(selected.stdout, /^pitch \(/m);
  assert.match(selected.stdout, /mouth open .*of 10 faces/);
  for (let i = 0; i < 3; i++) assert.match(selected.stdout, new RegExp(`left out rotated_${i}\\.png: (near-duplicate|beyond)`));
  const report = JSON.parse(await readFile(join(out, 'selection.json'), 'utf8')) as { reference: string; selected: Array<{ file: string; eyeScore: number }> };
  assert.equal(report.reference, report.selected[0]!.file);
  assert.ok(report.selected.every((s) => s.eyeScore > 0.9), 'level eyes');

  const listed = (run: { stdout: string }) => run.stdout.trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/));
  const byBlur = listed(await ok(['sort', '-i', dir, '--by', 'blur']));
  assert.equal(byBlur.length, 16);
  assert.deepEqual(byBlur.slice(-3).map((row) => row[2]).sort(), ['blurred_0.png', 'blurred_1.png', 'blurred_2.png']);
  const byYaw = listed(await ok(['sort', '-i', dir, '--by', 'yaw', '--list']));
  const yaws = byYaw.map((row) => Number(row[1]));
  assert.deepEqual(yaws, [...yaws].sort((a, b) => a - b));

  await ok(['sort', '-i', dir, '--by', 'size', '--rename']);
  const renamed = (await readdir(dir)).filter((n) => n.endsWith('.png')).sort();
  assert.equal(renamed.length, 16, 'every file kept');
  assert.ok(renamed.every((n, i) => n.startsWith(`${String(i + 1).padStart(4, '0')}_`)), renamed.join(' '));
  const sizes = await Promise.all(renamed.map(async (n) => {
    const [, , width, height] = (await readFaceMetadata(join(dir, n)))!.box;
    return Math.sqrt(width * height);
  }));
  assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a), 'largest in the source first');
});
