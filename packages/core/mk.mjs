import { prepareSampleFaces, writeFaceFile } from '@faceforge/core';
import { meanFaceLandmarks } from './dist/masks/mean-face.fixture.js';
import sharp from 'sharp';
import { readdir, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
const faces = await prepareSampleFaces({ outDir: '/tmp/faceforge-test-faces-30', perSide: 30, size: 64 });
const out = process.argv[2]; await mkdir(out, { recursive: true });
const files = (await readdir(faces.a)).filter((f) => f.endsWith('.png')).slice(0, 12);
for (const [i, f] of files.entries()) {
  const { data, info } = await sharp(join(faces.a, f)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  await writeFaceFile(join(out, f), { width: info.width, height: info.height, data: new Uint8Array(data) }, {
    format: 'faceforge-face', version: 1, size: 64, centering: 'head', landmarks: meanFaceLandmarks(64),
    source: { file: 'franck.mp4', frame: i, faceIndex: 0, frameSize: [640, 480] }, box: [100, 50, 180 + i, 180 + i], matrix: [1, 0, 0, 0, 1, 0],
    descriptor: Array.from({ length: 128 }, (_, k) => Math.sin(k + i * 0.01)), masks: {},
  });
}
console.log(out);
