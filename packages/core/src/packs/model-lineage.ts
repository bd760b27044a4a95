/**
 * A pack's lineage from a model folder's state.json: where the encoder started (the pack it was
 * created from, or the version it was last packed or seasoned as) and every training session since,
 * with the faces it saw, its iterations and its final loss.
 */
import type { ModelState, SessionRecord, LossPoint } from '../train/model-state.js';
import type { PackManifest, PackSession } from '@faceforge/packs';
import type { EncoderPackLineage } from './start-from-pack.js';

/** Lineage entry written into state.json when a model's encoder is packed or seasoned. */
export interface EncoderPackedLineage {
  type: 'encoder-packed';
  name: string;
  version: string;
  fingerprint: string;
  /** The model's iterations when packed: sessions up to here are in that pack's lineage. */
  iterations: number;
  /** Number of the model's sessions the pack covers. */
  sessionCount: number;
  sessions: PackManifest['lineage']['sessions'];
  date: string;
}

/** How many loss points at the end of a session make its final loss: smooths a noisy last batch. */
const FINAL_LOSS_POINTS = 10;

function finalLoss(history: LossPoint[], first: number, last: number): { a: number; b: number } {
  const points = history.filter((p) => p.iteration > first && p.iteration <= last).slice(-FINAL_LOSS_POINTS);
  if (points.length === 0) return { a: 0, b: 0 };
  const mean = (pick: (p: LossPoint) => number) => points.reduce((sum, p) => sum + pick(p), 0) / points.length;
  return { a: mean((p) => p.a), b: mean((p) => p.b) };
}

/** The model's sessions (those with iterations) as pack sessions, in order. */
export function packSessions(state: ModelState): PackSession[] {
  let done = 0;
  return state.sessions.filter((s: SessionRecord) => s.iterations > 0).map((session) => {
    const first = done;
    done += session.iterations;
    return {
      date: session.end,
      identities: (session.identities ?? []).map((id) => ({ label: id.label, ...(id.descriptorHash ? { descriptorHash: id.descriptorHash } : {}), faces: id.faces })),
      iterations: session.iterations,
      finalLoss: finalLoss(state.lossHistory, first, done),
    };
  });
}

export type EncoderOrigin = (EncoderPackLineage | EncoderPackedLineage) & { sessionCount?: number };

/** The pack the model's encoder last came from or went to, if any. */
export function encoderOrigin(state: ModelState): EncoderOrigin | undefined {
  for (let i = state.lineage.length - 1; i >= 0; i--) {
    const entry = state.lineage[i]!;
    if (entry.type === 'encoder-pack' || entry.type === 'encoder-packed') return entry as unknown as EncoderOrigin;
  }
  return undefined;
}

/**
 * Lineage of the model's encoder as a pack: the sessions of the pack it came from (or was last
 * packed as) followed by the model's sessions since then.
 */
export function encoderLineage(state: ModelState): PackManifest['lineage'] {
  const origin = encoderOrigin(state);
  const sessions = packSessions(state);
  if (!origin) return { sessions };
  const since = origin.type === 'encoder-packed' ? sessions.slice(origin.sessionCount ?? 0) : sessions;
  return { parent: `${origin.name}@${origin.version}`, sessions: [...origin.sessions, ...since] };
}
