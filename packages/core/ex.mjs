import { extractFaces, clmtrackrMediaDir, selectBackend } from '@faceforge/core';
import { join } from 'node:path';
const t = Date.now();
const s = await extractFaces({ input: join(clmtrackrMediaDir(), process.argv[2]), output: process.argv[3], size: 128, fps: Number(process.argv[4]), range: [0, Number(process.argv[5])] });
console.log(s.facesWritten, 'faces', s.frames, 'frames', (Date.now() - t) / 1000, 's', s.errors);
