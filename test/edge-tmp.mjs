import { createForge, convert, FixedFaceLocator, boxFace, selectBackend, parseFrameRanges, readRgbImage, readFrames, probeMedia } from '@faceforge/core';
import { tmpdir } from 'node:os'; import { join } from 'node:path';
await selectBackend({ requested: 'wasm', log: () => {} });
const forge = await createForge({ discover: { linked: ['/work/wt/convert/test/fixtures/plugin-tiny'] } });
const clip = join(tmpdir(), 'faceforge-test-clip-20-0.6-20.mp4');
const boxes = [{ x: -70, y: 170, side: 180 }, { x: 260, y: -50, side: 140 }];
const r = await convert(forge, { input: clip, modelDir: '/tmp/cv/model', output: '/tmp/cv/edge', writer: 'png', maskType: 'none', frameRanges: parseFrameRanges('0'), locator: new FixedFaceLocator(boxes.map((b, index) => boxFace(b, 64, { index }))) });
console.log(r);
const out = await readRgbImage('/tmp/cv/edge/faceforge-test-clip-20-0.6-20_000001.png');
const src = (await readFrames(await probeMedia(clip)).next()).value.image;
for (const box of boxes) { const b = { x: box.x + 30, y: box.y + 30, side: box.side - 60 }; let s = 0, n = 0; for (let y = Math.max(0, b.y); y < Math.min(288, b.y + b.side); y++) for (let x = Math.max(0, b.x); x < Math.min(360, b.x + b.side); x++) for (let c = 0; c < 3; c++) { s += Math.abs(out.data[(y*360+x)*3+c] - src.data[(y*360+x)*3+c]); n++; } console.log(box, s / n); }
