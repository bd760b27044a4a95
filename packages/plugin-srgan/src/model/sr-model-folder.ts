/**
 * An SR model folder:
 *   state.json                      network, crop size, steps done per stage, best checkpoints, history
 *   generator.weights               the latest generator (for resume), with
 *   generator-optimizer.weights     its Adam state,
 *   discriminator.weights           and in the GAN stage the discriminator and
 *   discriminator-optimizer.weights its Adam state
 *   best/<stage>-<step>.weights     the `keep_best` generators with the highest validation PSNR, per stage
 *   preview.png                     LR | bicubic | SR | HR strips of validation images
 * Every file is written atomically (temp + fsync + rename); state.json goes last, so it never names
 * a checkpoint that is not on disk.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFileError, writeFileAtomic } from '@faceforge/core';
import type { GeneratorShape } from '../network/generator.js';

export type SrStage = 'pretrain' | 'gan';
export const SR_STAGES: readonly SrStage[] = ['pretrain', 'gan'];

export interface BestCheckpoint {
  file: string;
  step: number;
  psnr: number;
}

export interface SrHistoryEntry {
  stage: SrStage;
  step: number;
  /** Mean training loss(es) since the previous entry. */
  losses: Record<string, number>;
  psnr: number;
  time: string;
}

export interface SrModelState {
  format: 'faceforge-srgan';
  version: 1;
  scale: 4;
  network: GeneratorShape;
  hrCrop: number;
  steps: Record<SrStage, number>;
  best: Record<SrStage, BestCheckpoint[]>;
  history: SrHistoryEntry[];
}

export const STATE_FILE = 'state.json';
export const GENERATOR_FILE = 'generator.weights';
export const GENERATOR_OPTIMIZER_FILE = 'generator-optimizer.weights';
export const DISCRIMINATOR_FILE = 'discriminator.weights';
export const DISCRIMINATOR_OPTIMIZER_FILE = 'discriminator-optimizer.weights';
export const PREVIEW_FILE = 'preview.png';

export function newModelState(network: GeneratorShape, hrCrop: number): SrModelState {
  return { format: 'faceforge-srgan', version: 1, scale: 4, network, hrCrop, steps: { pretrain: 0, gan: 0 }, best: { pretrain: [], gan: [] }, history: [] };
}

/** The folder's state, or undefined when the folder holds no SR model yet. */
export async function readModelState(dir: string): Promise<SrModelState | undefined> {
  const file = join(dir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let state: SrModelState;
  try {
    state = JSON.parse(text) as SrModelState;
  } catch {
    throw new ModelFileError(`${file}: not valid JSON`);
  }
  if (state.format !== 'faceforge-srgan' || state.version !== 1) throw new ModelFileError(`${file}: not a faceforge SR model state (format ${JSON.stringify(state.format)})`);
  return state;
}

export async function writeModelState(dir: string, state: SrModelState): Promise<void> {
  await writeFileAtomic(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** The SR model in `dir`, which must exist: for eval, upscale and convert. */
export async function requireModelState(dir: string): Promise<SrModelState> {
  const state = await readModelState(dir);
  if (!state) throw new ModelFileError(`${dir}: no SR model here (no ${STATE_FILE}); train one with \`faceforge sr train -i PHOTOS -m ${dir}\``);
  return state;
}

/**
 * Records a validation result in the stage's best list (highest PSNR first, `keep` long). Returns
 * the file to write when it made the list, and the files that fell off it (to delete after the save).
 */
export function rankCheckpoint(state: SrModelState, stage: SrStage, step: number, psnr: number, keep: number): { file?: string; dropped: string[] } {
  const list = state.best[stage];
  const file = join('best', `${stage}-${String(step).padStart(7, '0')}.weights`);
  const candidate = [...list.filter((c) => c.file !== file), { file, step, psnr }].sort((a, b) => b.psnr - a.psnr || b.step - a.step);
  const kept = candidate.slice(0, keep);
  const dropped = candidate.slice(keep).map((c) => c.file);
  state.best[stage] = kept;
  return { ...(kept.some((c) => c.file === file) ? { file } : {}), dropped };
}

export async function removeCheckpoints(dir: string, files: string[]): Promise<void> {
  for (const file of files) await rm(join(dir, file), { force: true });
}

export type CheckpointChoice = 'best' | 'latest';

/**
 * The generator weights file inference uses: the best by validation PSNR of the last stage trained
 * (the reference's `restore()` after `save_best_only`), or the latest.
 */
export function generatorFile(dir: string, state: SrModelState, choice: CheckpointChoice = 'best'): string {
  const stage: SrStage = state.steps.gan > 0 ? 'gan' : 'pretrain';
  const best = state.best[stage][0];
  return join(dir, choice === 'best' && best ? best.file : GENERATOR_FILE);
}
