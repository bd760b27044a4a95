/** The dashboard's JSON API, as the server defines it (../api/api-types.ts); the access token travels in a cookie. */
import type { DashboardEvent as ServerEvent, StoredPackEntry } from '../api/api-types.js';

export type { ConfigValues, FaceFolder, Info, LossPoint, ModelSummary, OptionInfo, RunInfo, SessionRow, TrainForm } from '../api/api-types.js';
export type { ModelAnswer as ModelDetail } from '../api/api-types.js';
export type PackEntry = StoredPackEntry;
export type DashboardEvent = ServerEvent;

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
