/**
 * testMask: a registered mask's `create(face, size)` on the shipped faces (with landmarks and the
 * masks stored at extraction): one channel, size×size, values in 0..1, neither empty nor everything,
 * deterministic, and the face left as it was.
 */
import { describe, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Forge } from '../forge.js';
import type { FaceforgePlugin } from '../plugin/plugin.js';
import type { FaceRecord } from '../data/face-record.js';
import type { MaskDefinition } from '../hooks/contributions.js';
import { harnessBackend, harnessForge } from './host.js';
import { loadTestingFaces, TESTING_FACE_SIZE } from './faces.js';
import { coverage, outOfRange, sameImage } from './checks.js';

export interface MaskTestOptions {
  /** Mask sizes to ask for (default [64, 32]). */
  sizes?: number[];
  /** Allowed share of the mask above 0.5: [min, max] (default [0.01, 0.99]: not empty, not everything). */
  coverage?: [number, number];
  /** Shipped faces per person to run (default 4 of each). */
  faces?: number;
  /** Adds what the mask reads to a face before it is created (e.g. a stored neural mask at `size`). */
  prepareFace?(face: FaceRecord, size: number): FaceRecord;
  /** Plugins applied with it (after core's built-ins). */
  plugins?: FaceforgePlugin[];
  backend?: string;
}

/** Registers node:test tests for the mask `name` that `plugin` registers. */
export function testMask(plugin: FaceforgePlugin, name: string, options: MaskTestOptions = {}): void {
  const sizes = options.sizes ?? [TESTING_FACE_SIZE, TESTING_FACE_SIZE / 2];
  const [low, high] = options.coverage ?? [0.01, 0.99];
  let forge: Forge;
  let mask: MaskDefinition;
  let faces: FaceRecord[] = [];

  describe(`mask '${name}' of plugin '${plugin.meta.name}'`, () => {
    before(async () => {
      await harnessBackend(options.backend);
      forge = harnessForge([plugin, ...(options.plugins ?? [])]);
      const count = options.faces ?? 4;
      faces = [...await loadTestingFaces('a', { count }), ...await loadTestingFaces('b', { count })];
    });

    test(`is registered by '${plugin.meta.name}' with a description`, () => {
      assert.equal(forge.masks.owner(name), plugin.meta.name, `plugin '${plugin.meta.name}' registers no mask '${name}' (masks: ${forge.masks.names().join(', ')})`);
      mask = forge.masks.get(name);
      assert.ok(typeof mask.description === 'string' && mask.description.length > 0, 'a one-line description');
    });

    for (const size of sizes) {
      const create = (face: FaceRecord) => {
        mask ??= forge.masks.get(name);
        return mask.create(options.prepareFace ? options.prepareFace(face, size) : face, size);
      };

      test(`${size} px on the shipped faces: 1 channel, ${size}×${size}, values finite in 0..1`, () => {
        for (const face of faces) {
          const m = create(face);
          assert.deepEqual([m.width, m.height, m.channels], [size, size, 1], `${face.path}: mask is ${m.width}×${m.height}×${m.channels}`);
          assert.equal(m.data.length, size * size, `${face.path}: data length`);
          const bad = outOfRange(m.data);
          assert.equal(bad, undefined, `${face.path}: values must be finite and in 0..1, found ${bad?.value} at ${bad?.index}`);
        }
      });

      test(`${size} px: covers ${low * 100}%..${high * 100}% of each face${options.coverage ? '' : ' (not empty, not everything)'}`, () => {
        for (const face of faces) {
          const share = coverage(create(face));
          assert.ok(share >= low && share <= high, `${face.path}: the mask covers ${(share * 100).toFixed(1)}% of the face`);
        }
      });

      test(`${size} px: the same face gives the same mask, and the face is left as it was`, () => {
        for (const face of faces) {
          const image = Float32Array.from(face.image.data);
          const landmarks = JSON.stringify(face.landmarks);
          const masks = Object.keys(face.masks).sort().join();
          assert.ok(sameImage(create(face), create(face)), `${face.path}: two masks of the same face differ`);
          assert.ok(sameImage(face.image, { ...face.image, data: image }), `${face.path}: create changed the face's pixels`);
          assert.equal(JSON.stringify(face.landmarks), landmarks, `${face.path}: create changed the landmarks`);
          assert.equal(Object.keys(face.masks).sort().join(), masks, `${face.path}: create changed the face's masks`);
        }
      });
    }
  });
}
