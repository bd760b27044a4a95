/**
 * state.json: what a model folder knows about itself. Sessions (start, end, batch, iterations,
 * EG/s), total iterations, the config locked at creation, loss history and the best loss (backups).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigValues } from '../config/ini-file.js';
import { ModelFileError } from '../util/errors.js';
import type { LossPoint } from '../monitor/loss-graph.js';
import type { FaceIdentity } from '../data/face-identity.js';
import type { SessionRecord as SessionTimes } from '../monitor/session-table.js';
import type { ValidationRecord, ValidationSet } from '../validate/validation-record.js';

export const STATE_FILE = 'state.json';

export interface SessionRecord extends SessionTimes {
  /** Examples per second, both sides (faceswap's EG/s). */
  egPerSec: number;
  backend: string;
  /** Values of the options that may change between sessions, as used in this session. */
  config: ConfigValues;
  /** The faces of side A and side B this session (what a pack's lineage records). */
  identities?: FaceIdentity[];
  /**
   * The parts whose weights this session trained: not frozen (--freeze-weights) and not held at a
   * learning rate of 0 (--encoder-lr-scale 0). Absent in older state files: every part.
   */
  trainedParts?: string[];
}

export type { LossPoint };

export interface ModelState {
  format: 'faceforge-model';
  version: 1;
  /** Model plugin name (`-t`). */
  model: string;
  created: string;
  seed: number;
  /** Total iterations over all sessions. */
  iterations: number;
  /** Part files, e.g. ['encoder', 'decoder_a', 'decoder_b']. */
  parts: string[];
  inputSize: number;
  outputSize: number;
  /** Every option of the model's sections as at creation; fixed ones stay this way. */
  config: ConfigValues;
  sessions: SessionRecord[];
  /** Mean loss per side, one point per `historyEvery` iterations. */
  lossHistory: LossPoint[];
  /** Lowest mean total loss between saves so far: a new low triggers a backup. */
  lowestAvgLoss: number | null;
  /** Where the weights came from when not trained from scratch (`--load-weights`, packs). */
  lineage: Array<Record<string, unknown>>;
  /** The encoder's lineage id and its iterations in that lineage (see packs/encoder-identity.ts); absent in older models. */
  encoder?: EncoderIdentity;
  /** Per decoder part: the encoder's iterations it was last trained against, where not the encoder's own (an imported decoder). */
  decoderTrainedAgainst?: Record<string, number>;
  /** Identity validation passes (validate/), oldest first; absent when training never validated. */
  validation?: ValidationRecord[];
  /** The held-out faces of the latest session that validated, with the originals' own figures. */
  validationSet?: ValidationSet;
}

/** An encoder's lineage id and its iterations in that lineage (see packs/encoder-identity.ts). */
export interface EncoderIdentity {
  /** Given once, when the encoder is first initialised. */
  lineage: string;
  /** Iterations the encoder has been trained in this lineage (frozen sessions do not count). */
  iterations: number;
}

export async function readState(modelDir: string): Promise<ModelState | undefined> {
  const path = join(modelDir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let state: ModelState;
  try {
    state = JSON.parse(text) as ModelState;
  } catch {
    throw new ModelFileError(`${path}: not valid JSON; restore a backup with \`faceforge restore -m ${modelDir}\``);
  }
  if (state.format !== 'faceforge-model') throw new ModelFileError(`${path}: not a faceforge model state file`);
  return state;
}
