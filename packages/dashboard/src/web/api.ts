/** The dashboard's JSON API, as the server defines it (the access token travels in a cookie). */
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
  running?: { command: string; pid: number; started: string };
}

export interface LossPoint {
  iteration: number;
  a: number;
  b: number;
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
  startIteration: number;
}

export interface RunInfo {
  origin: 'dashboard' | 'this-process';
  started: string;
  log: string[];
  running: boolean;
  exitCode?: number | null;
}

export interface ModelDetail extends ModelSummary {
  inputSize: number;
  outputSize: number;
  lossHistory: LossPoint[];
  sessionRows: SessionRow[];
  restorePoints: { id: string; iteration: number; reason: string; date: string }[];
  snapshots: { name: string; iteration: number }[];
  previews: { file: string; iteration: number }[];
  hasLatestPreview: boolean;
  lockedConfig: Record<string, Record<string, unknown>>;
  lineage: Record<string, unknown>[];
  extra: Record<string, unknown>;
  run?: RunInfo;
}

export interface OptionInfo {
  key: string;
  type: 'number' | 'integer' | 'boolean' | 'string';
  default: unknown;
  help: string;
  group: string;
  fixed: boolean;
  minimum?: number;
  maximum?: number;
  choices?: string[];
}

export type ConfigValues = Record<string, Record<string, unknown>>;

export interface TrainForm {
  trainer: string;
  sections: { id: string; help: string; options: OptionInfo[] }[];
  presets: { section: string; name: string; description: string; values: Record<string, unknown> }[];
  base: ConfigValues;
  changed: ConfigValues;
  fixedLocked: boolean;
}

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
  path: string;
  images: number;
}

export interface PackEntry {
  kind: 'encoder' | 'decoder';
  name: string;
  version: string;
  plugin: string;
  fingerprint: string;
  encoderFingerprint?: string;
  parent?: string;
  origin?: string;
  description: string;
  license: string;
  yanked: boolean;
}

export type DashboardEvent =
  | { type: 'step'; model: string; iteration: number; lossA: number; lossB: number; egPerSec: number }
  | { type: 'save' | 'preview'; model: string; iteration: number }
  | { type: 'model'; model: string }
  | { type: 'models' }
  | { type: 'log'; model: string; line: string }
  | { type: 'training'; model: string; running: boolean; code?: number | null }
  | { type: 'convert'; job: number };

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

export const getJson = async <T>(path: string): Promise<T> => answer<T>(await fetch(path, { cache: 'no-store' }));

export const postJson = async <T>(path: string, body: unknown): Promise<T> =>
  answer<T>(await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

/** `/api/models/0/name` from a model id `0/name`. */
export const modelPath = (id: string): string => `/api/models/${id.split('/').map(encodeURIComponent).join('/')}`;
