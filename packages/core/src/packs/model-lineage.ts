/**
 * A pack's lineage from a model folder's state.json: where the part's weights started (the pack it
 * came from or was last packed or seasoned as, another model folder, or fresh weights) and every
 * training session since in which that part actually trained, with the faces it saw: both sides'
 * for the encoder, its own side's for a decoder.
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

/** A session with the model's iteration it ended at. */
interface PlacedSession {
  session: SessionRecord;
  /** The model's total iterations before and after it. */
  first: number;
  last: number;
}

function placedSessions(state: ModelState): PlacedSession[] {
  let done = 0;
  return state.sessions.filter((s) => s.iterations > 0).map((session) => {
    const first = done;
    done += session.iterations;
    return { session, first, last: done };
  });
}

/** The side a decoder part serves ('decoder_a' → 0), or undefined for a shared part. */
function sideIndex(part: string): number | undefined {
  const side = /^decoder_([ab])$/.exec(part)?.[1];
  return side === undefined ? undefined : side === 'a' ? 0 : 1;
}

function asPackSession(state: ModelState, placed: PlacedSession, part: string | undefined): PackSession {
  const identities = placed.session.identities ?? [];
  const side = part === undefined ? undefined : sideIndex(part);
  const seen = side === undefined ? identities : identities.slice(side, side + 1);
  return {
    date: placed.session.end,
    identities: seen.map((id) => ({ label: id.label, ...(id.descriptorHash ? { descriptorHash: id.descriptorHash } : {}), faces: id.faces })),
    iterations: placed.session.iterations,
    finalLoss: finalLoss(state.lossHistory, placed.first, placed.last),
  };
}

/** Whether a session trained `part` (older state files do not say: every part did). */
const trained = (session: SessionRecord, part: string) => session.trainedParts?.includes(part) ?? true;

/**
 * The model's sessions (those with iterations) as pack sessions, in order; with `part`, only
 * those that trained it, and a decoder's only with its own side's faces.
 */
export function packSessions(state: ModelState, part?: string): PackSession[] {
  return placedSessions(state).filter((p) => part === undefined || trained(p.session, part)).map((p) => asPackSession(state, p, part));
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

/** Where a part's current weights started, and from which of the model's iterations its own sessions count. */
interface PartStart {
  parent?: string;
  origin?: string;
  /** Sessions inherited from the parent pack. */
  inherited: PackSession[];
  /** The model's iterations when the part got these weights. */
  since: number;
}

/** Walks state.json's lineage: the last entry that gave `part` its weights wins. */
function partStart(state: ModelState, part: string, shared: boolean): PartStart {
  let start: PartStart = { inherited: [], since: 0 };
  for (const entry of state.lineage) {
    const parts = Array.isArray(entry.parts) ? (entry.parts as string[]) : [];
    const at = typeof entry.iterations === 'number' ? entry.iterations : 0;
    const sessions = Array.isArray(entry.sessions) ? (entry.sessions as PackSession[]) : [];
    switch (entry.type) {
      case 'encoder-pack':
        // at creation: the model's sessions all come after
        if (shared) start = { parent: `${String(entry.name)}@${String(entry.version)}`, inherited: sessions, since: 0 };
        break;
      case 'encoder-packed':
        if (shared) start = { parent: `${String(entry.name)}@${String(entry.version)}`, inherited: sessions, since: at };
        break;
      case 'load-weights':
        // at creation; `iterations` are the source model's
        if (parts.includes(part)) start = { origin: `the ${part} of ${String(entry.from)} (--load-weights, ${at} iterations there)`, inherited: [], since: 0 };
        break;
      case 'decoder-swap':
        if (parts.includes(part)) start = { origin: `decoder_${String(entry.fromSide)} of ${String(entry.from)} (decoder swap)`, inherited: [], since: at };
        break;
      default:
        // decoder-import (from a pack), reset (fresh weights) and any entry naming the part
        if (parts.includes(part) && typeof entry.iterations === 'number') {
          start = { ...(typeof entry.pack === 'string' ? { parent: entry.pack } : {}), inherited: [], since: at };
        }
    }
  }
  return start;
}

/**
 * Lineage of one part as a pack: where its weights started, the sessions inherited from its parent
 * pack, then the model's sessions since that trained the part.
 */
export function partLineage(state: ModelState, part: string, shared: boolean): PackManifest['lineage'] {
  const start = partStart(state, part, shared);
  const own = placedSessions(state).filter((p) => p.last > start.since && trained(p.session, part)).map((p) => asPackSession(state, p, part));
  return {
    ...(start.parent ? { parent: start.parent } : {}),
    ...(start.origin ? { origin: start.origin } : {}),
    sessions: [...start.inherited, ...own],
  };
}

/** Lineage of the model's encoder as a pack. */
export function encoderLineage(state: ModelState): PackManifest['lineage'] {
  return partLineage(state, 'encoder', true);
}
