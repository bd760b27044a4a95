/**
 * `faceforge select`: the K best training faces of a set, EasyPhoto's way (peers.md §5).
 * 1. Faces without a descriptor or landmarks cannot be scored and are left out (extract them).
 * 2. Blurry faces go: sharpness (variance of the Laplacian) below `minSharpness` × the set's median.
 * 3. The rest are ranked by s·a: s = cosine similarity of the descriptor to the set's mean
 *    descriptor, a = the eye-line angle score. The best is the reference face.
 * 4. Walking down the ranking, a face that nearly duplicates one already chosen (descriptor
 *    distance ≤ `duplicateDistance`, or perceptual hashes ≤ `duplicateHashBits` bits apart) is
 *    skipped, until K faces are chosen.
 */
import type { FaceFacts } from './face-facts.js';
import { eyeAngleScore } from './eye-angle-score.js';
import { meanDescriptor, similarityToMean } from './identity-similarity.js';
import { descriptorDistance } from '../extract/face-detector.js';
import { hammingDistance } from './image-hash.js';

export interface SelectOptions {
  top: number;
  /** Fraction of the set's median sharpness below which a face is blurry. */
  minSharpness?: number;
  /** Descriptor distance at or below which two faces are near-duplicates (face-api: 0.6 = same person). */
  duplicateDistance?: number;
  /** dHash bits (of 64) at or below which two images are near-duplicates. */
  duplicateHashBits?: number;
}

/**
 * Descriptors of different frames of one still interview are ≥ 0.13 apart, the same image's ≈ 0.
 * Aligned faces of one person look alike at the hash's 9×8 resolution (frames 2 s apart differ by
 * 2–6 bits, a blurred copy by 1), so by default only identical hashes count.
 */
export const SELECT_DEFAULTS = { minSharpness: 0.5, duplicateDistance: 0.05, duplicateHashBits: 0 } as const;

export interface ScoredFace {
  face: FaceFacts;
  /** Cosine similarity to the set's mean descriptor. */
  similarity: number;
  /** EasyPhoto's eye-line angle score. */
  eyeScore: number;
  /** similarity × eyeScore. */
  score: number;
}

export type RejectReason =
  | { kind: 'unscored'; why: string }
  | { kind: 'blurry'; sharpness: number; threshold: number }
  | { kind: 'duplicate'; of: string; descriptorDistance: number; hashBits: number }
  | { kind: 'beyond-top' };

export interface Selection {
  selected: ScoredFace[];
  /** The best face: EasyPhoto's reference (face_id) image. */
  reference?: ScoredFace;
  rejected: Array<{ face: FaceFacts; reason: RejectReason; scored?: ScoredFace }>;
  /** The set's median sharpness, the basis of the blur threshold. */
  medianSharpness: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function selectFaces(faces: FaceFacts[], options: SelectOptions): Selection {
  const minSharpness = options.minSharpness ?? SELECT_DEFAULTS.minSharpness;
  const duplicateDistance = options.duplicateDistance ?? SELECT_DEFAULTS.duplicateDistance;
  const duplicateHashBits = options.duplicateHashBits ?? SELECT_DEFAULTS.duplicateHashBits;
  const rejected: Selection['rejected'] = [];

  const scorable = faces.filter((face) => {
    if (face.descriptor && face.landmarks) return true;
    rejected.push({ face, reason: { kind: 'unscored', why: face.descriptor ? 'no landmarks' : 'no identity descriptor' } });
    return false;
  });
  const medianSharpness = median(scorable.map((f) => f.sharpness));
  const threshold = minSharpness * medianSharpness;
  const mean = scorable.length ? meanDescriptor(scorable.map((f) => f.descriptor!)) : [];

  const ranked: ScoredFace[] = [];
  for (const face of scorable) {
    const similarity = similarityToMean(face.descriptor!, mean);
    const eyeScore = eyeAngleScore(face.landmarks!);
    const scored = { face, similarity, eyeScore, score: similarity * eyeScore };
    if (face.sharpness < threshold) rejected.push({ face, scored, reason: { kind: 'blurry', sharpness: face.sharpness, threshold } });
    else ranked.push(scored);
  }
  ranked.sort((a, b) => b.score - a.score || a.face.path.localeCompare(b.face.path));

  const selected: ScoredFace[] = [];
  for (const candidate of ranked) {
    if (selected.length >= options.top) {
      rejected.push({ face: candidate.face, scored: candidate, reason: { kind: 'beyond-top' } });
      continue;
    }
    const twin = selected.find((chosen) => {
      const distance = descriptorDistance(chosen.face.descriptor!, candidate.face.descriptor!);
      return distance <= duplicateDistance || hammingDistance(chosen.face.hash, candidate.face.hash) <= duplicateHashBits;
    });
    if (twin) {
      rejected.push({
        face: candidate.face, scored: candidate,
        reason: { kind: 'duplicate', of: twin.face.path, descriptorDistance: descriptorDistance(twin.face.descriptor!, candidate.face.descriptor!), hashBits: hammingDistance(twin.face.hash, candidate.face.hash) },
      });
      continue;
    }
    selected.push(candidate);
  }
  return { selected, reference: selected[0], rejected, medianSharpness };
}
