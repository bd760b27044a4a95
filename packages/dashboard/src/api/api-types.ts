/**
 * The dashboard's JSON API and event stream: the one definition the server (which builds these
 * answers) and the browser pages (which read them) both compile against. Its own tsc project, with
 * neither Node's nor the DOM's types, so that both sides can reference it; types only, nothing runs.
 */
import type { OptionInfo } from '@faceforge/core';
import type { ConfigValues } from '@faceforge/core/config';
import type { ModelState } from '@faceforge/core/train';
import type { PackKind } from '@faceforge/packs';

export type { ConfigValues, OptionInfo };

/** One point of the loss graph. */
export type LossPoint = ModelState['lossHistory'][number];

export interface ModelSummary {
  id: string;
  name: string;
  plugin: string;
  iterations: number;
  lastLoss?: { a: number; b: number };
  egPerSec?: number;
  lastSave: string;
  created: string;
  sessions: number;
  /** The command that holds the model's lock now (train, restore, ...), if any. */
  running?: { command: string; pid: number; started: string };
}

export interface SessionRow {
  id: number;
  start: string;
  end: string;
  elapsedSeconds: number;
  batchSize: number;
  iterations: number;
  egPerSec: number;
  backend: string;
  /** Iteration at which the session began. */
  startIteration: number;
}

export interface ModelDetail extends ModelSummary {
  inputSize: number;
  outputSize: number;
  lossHistory: LossPoint[];
  sessionRows: SessionRow[];
  restorePoints: { id: string; iteration: number; reason: string; date: string }[];
  snapshots: { name: string; iteration: number }[];
  /** previews/preview_<iteration>.png, oldest first. */
  previews: { file: string; iteration: number }[];
  hasLatestPreview: boolean;
  lockedConfig: ModelState['config'];
  lineage: ModelState['lineage'];
  encoder?: ModelState['encoder'];
  /** Extra top-level figures of state.json that this page does not know (other plugins' numbers), shown as they are. */
  extra: Record<string, unknown>;
}

/** GET /api/models/<id>: the model and the run the dashboard follows on it, if any. */
export interface ModelAnswer extends ModelDetail {
  run?: RunInfo;
}

/** A training run the dashboard started or runs in its own process. */
export interface RunInfo {
  model: string;
  modelDir: string;
  origin: 'dashboard' | 'this-process';
  started: string;
  pid: number;
  /** The last lines the run printed. */
  log: string[];
  running: boolean;
  exitCode?: number | null;
}

export interface FormSection {
  id: string;
  help: string;
  options: OptionInfo[];
}

export interface TrainForm {
  trainer: string;
  sections: FormSection[];
  presets: { section: string; name: string; description: string; values: Record<string, unknown> }[];
  /** What the run starts from without changes. */
  base: ConfigValues;
  /** The keys the model's train.ini changes from `base`. */
  changed: ConfigValues;
  /** Options fixed at creation can no longer change (the model exists). */
  fixedLocked: boolean;
}

/** GET /api/info: what the dashboard serves and can do. */
export interface Info {
  models: string[];
  faces: string[];
  media: string[];
  packs: string;
  canTrain: boolean;
  trainers: string[];
}

export interface FaceFolder {
  root: number;
  /** Relative to the root, `/`-separated; '' for the root. */
  path: string;
  images: number;
}

export interface StoredPackEntry {
  kind: PackKind;
  name: string;
  version: string;
  plugin: string;
  fingerprint: string;
  encoderFingerprint?: string;
  /** `name@version` of the pack it was made from, if any. */
  parent?: string;
  /** Where the weights started when not from a pack ('fresh', another model's part...). */
  origin?: string;
  description: string;
  license: string;
  yanked: boolean;
}

/** What the server pushes over Server-Sent Events. */
export type DashboardEvent =
  | { type: 'step'; model: string; iteration: number; lossA: number; lossB: number; egPerSec: number }
  | { type: 'save'; model: string; iteration: number }
  | { type: 'preview'; model: string; iteration: number }
  | { type: 'model'; model: string }
  | { type: 'models' }
  | { type: 'log'; model: string; line: string }
  | { type: 'training'; model: string; running: boolean; code?: number | null }
  | { type: 'convert'; job: number };
