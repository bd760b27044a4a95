/**
 * testAugmentation: runs an augmentation plugin's prepareBatch taps (alone, in stage order) on the
 * shipped faces with a seeded Rng, as the batch builder does, and checks determinism, sizes and
 * ranges, that it changes the sample, and where a case asks, that masks and landmarks follow the
 * geometry of the image.
 */
import { describe, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Forge } from '../forge.js';
import type { FaceforgePlugin } from '../plugin/plugin.js';
import type { FaceRecord } from '../data/face-record.js';
import { cloneImage, type Image, type Point } from '../data/image.js';
import type { Side } from '../model/face-swap-model.js';
import type { AugmentFlags, TrainingSample } from '../train/training-types.js';
import { hullMask } from './hull-mask.js';
import { Rng } from '../util/rng.js';
import { harnessBackend, harnessForge } from './host.js';
import { loadTestingFaces, TESTING_FACE_SIZE } from './faces.js';
import { describeImage, intersectionOverUnion, outOfRange, sameImage } from './checks.js';

export interface AugmentationCase {
  name: string;
  /** Default: flip, warp and colour on, warp to landmarks off. */
  flags?: Partial<AugmentFlags>;
  /** Values for the plugin's own section (defaults from its schema for the rest). */
  config?: Record<string, unknown>;
  /** Seed of the Rng (default 1); drawn per face as the batch builder does: (seed, 'augment', side, iteration, slot). */
  seed?: number;
  iteration?: number;
  side?: Side;
  /** Shipped faces to run (default 4). */
  faces?: number;
  /** Face size in pixels (default 64). */
  size?: number;
  /** Give each sample a face mask (the landmarks' filled hull) and its landmarks (default true). */
  masks?: boolean;
  /** The sample must differ from the face it started from: 'target', 'feed', 'any' (default) or false. */
  changes?: 'target' | 'feed' | 'any' | false;
  /**
   * Masks and landmarks must follow the image's geometry: the augmented face mask must match the
   * mask drawn from the augmented landmarks (intersection over union ≥ `minOverlap`, default 0.9).
   */
  geometry?: boolean;
  minOverlap?: number;
  /** Further assertions on each (input, output) pair. */
  check?(input: TrainingSample, output: TrainingSample, face: FaceRecord): void;
}

export interface AugmentationTestOptions {
  cases: AugmentationCase[];
  /** Plugins applied before it (only their taps and sections: core's built-in augmentation is left out unless given). */
  plugins?: FaceforgePlugin[];
  backend?: string;
}

const DEFAULT_FLAGS: AugmentFlags = { flip: true, warp: true, augmentColor: true, warpToLandmarks: false };

function cloneSample(sample: TrainingSample): TrainingSample {
  return {
    target: cloneImage(sample.target),
    masks: Object.fromEntries(Object.entries(sample.masks).map(([k, m]) => [k, cloneImage(m)])),
    landmarks: sample.landmarks?.map((p) => [p[0], p[1]] as Point),
    feed: sample.feed && cloneImage(sample.feed),
  };
}

function sameSample(a: TrainingSample, b: TrainingSample): boolean {
  const keys = Object.keys(a.masks).sort();
  return sameImage(a.target, b.target) && sameImage(a.feed, b.feed)
    && keys.join() === Object.keys(b.masks).sort().join() && keys.every((k) => sameImage(a.masks[k], b.masks[k]))
    && JSON.stringify(a.landmarks) === JSON.stringify(b.landmarks);
}

function checkImage(what: string, image: Image, size: number, channels: number): void {
  assert.equal(describeImage(image), describeImage({ width: size, height: size, channels, data: image.data }), `${what} changed size or channels`);
  assert.equal(image.data.length, size * size * channels, `${what}: data length`);
  const bad = outOfRange(image.data);
  assert.equal(bad, undefined, `${what}: values must be finite and in 0..1, found ${bad?.value} at ${bad?.index}`);
}

/** Registers node:test tests for an augmentation plugin's prepareBatch taps. */
export function testAugmentation(plugin: FaceforgePlugin, options: AugmentationTestOptions): void {
  let forge: Forge;
  const faces: Record<string, Record<Side, FaceRecord[]>> = {};

  describe(`augmentation plugin '${plugin.meta.name}'`, () => {
    before(async () => {
      await harnessBackend(options.backend);
      // The plugin alone (no built-ins): only its taps run.
      forge = harnessForge([...(options.plugins ?? []), plugin], { builtins: false });
      assert.ok(forge.hooks.prepareBatch.taps.length > 0, `plugin '${plugin.meta.name}' taps no prepareBatch`);
      for (const size of new Set(options.cases.map((c) => c.size ?? TESTING_FACE_SIZE))) {
        faces[size] = { a: await loadTestingFaces('a', { size }), b: await loadTestingFaces('b', { size }) };
      }
    });

    for (const c of options.cases) {
      const size = c.size ?? TESTING_FACE_SIZE;
      const side = c.side ?? 'a';
      const flags = { ...DEFAULT_FLAGS, ...c.flags };
      const withMasks = c.masks !== false;
      const iteration = c.iteration ?? 0;

      /** Each face's (input, output) with the Rng of `seed`, as buildBatch makes them. */
      const run = (seed: number) => {
        const section = forge.sectionOf(plugin);
        if (section) forge.configure({ [section.id]: c.config ?? {} }, `case '${c.name}'`);
        else assert.equal(c.config, undefined, `plugin '${plugin.meta.name}' has no config section for the case's config`);
        const own = faces[size]![side];
        const other = faces[size]![side === 'a' ? 'b' : 'a'];
        const landmarks = (set: FaceRecord[]) => (set.every((f) => f.landmarks) ? { landmarks: set.map((f) => f.landmarks!) } : undefined);
        return own.slice(0, c.faces ?? 4).map((face, slot) => {
          assert.ok(!withMasks || face.landmarks, `${face.path} has no landmarks`);
          const input: TrainingSample = {
            target: cloneImage(face.image),
            masks: withMasks ? { face: hullMask(face.landmarks!, size) } : {},
            landmarks: withMasks ? face.landmarks!.map((p) => [p[0], p[1]] as Point) : undefined,
          };
          const output = forge.hooks.prepareBatch.call(cloneSample(input), {
            side, face, faceIndex: slot, iteration, rng: Rng.for(seed, 'augment', side, iteration, slot), flags,
            thisSide: landmarks(own), otherSide: landmarks(other),
          });
          return { face, input, output };
        });
      };

      test(`${c.name}: the same seed gives the same samples`, () => {
        const seed = c.seed ?? 1;
        const first = run(seed);
        const second = run(seed);
        for (const [i, one] of first.entries()) assert.ok(sameSample(one.output, second[i]!.output), `face ${i} (${one.face.path}) differs between two runs with seed ${seed}`);
      });

      test(`${c.name}: target, feed and masks keep ${size}×${size} and their channels, values finite in 0..1`, () => {
        for (const { input, output, face } of run(c.seed ?? 1)) {
          checkImage(`${face.path}: target`, output.target, size, 3);
          if (output.feed) checkImage(`${face.path}: feed`, output.feed, size, 3);
          assert.deepEqual(Object.keys(output.masks).sort(), Object.keys(input.masks).sort(), `${face.path}: the masks a sample carries are kept`);
          for (const [name, mask] of Object.entries(output.masks)) checkImage(`${face.path}: mask '${name}'`, mask, size, 1);
          if (input.landmarks) {
            assert.equal(output.landmarks?.length, input.landmarks.length, `${face.path}: landmarks kept`);
            assert.ok(output.landmarks!.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y)), `${face.path}: landmarks finite`);
          }
          c.check?.(input, output, face);
        }
      });

      if (c.changes !== false) {
        const what = c.changes ?? 'any';
        test(`${c.name}: the samples change (${what})`, () => {
          const results = run(c.seed ?? 1);
          const changed = results.filter(({ input, output }) => {
            const target = !sameImage(input.target, output.target);
            const feed = !sameImage(input.target, output.feed ?? output.target);
            return what === 'target' ? target : what === 'feed' ? feed : target || feed || !sameSample(input, { ...output, feed: undefined });
          });
          assert.ok(changed.length > 0, `none of the ${results.length} faces changed (${what})`);
        });
      }

      if (c.geometry) {
        const minOverlap = c.minOverlap ?? 0.9;
        test(`${c.name}: masks and landmarks follow the geometry (face mask vs mask from the landmarks: IoU ≥ ${minOverlap})`, () => {
          assert.ok(withMasks, 'geometry needs masks: true');
          const results = run(c.seed ?? 1);
          assert.ok(results.some(({ input, output }) => JSON.stringify(input.landmarks) !== JSON.stringify(output.landmarks)), 'no landmarks moved: the geometry check would prove nothing');
          for (const { output, face } of results) {
            const redrawn = hullMask(output.landmarks!, size);
            const overlap = intersectionOverUnion(output.masks.face!, redrawn);
            assert.ok(overlap >= minOverlap, `${face.path}: the augmented mask and the mask of the augmented landmarks overlap ${overlap.toFixed(3)} < ${minOverlap}`);
          }
        });
      }
    }
  });
}
