/**
 * Orders faces like faceswap's sort tool (faceswap.md §9):
 * - identity: most typical of the set first (cosine similarity to the mean descriptor); other
 *   people and bad detections sink to the end;
 * - similarity: faces that look alike next to each other, a nearest-neighbour chain through the
 *   descriptors starting at the most typical face (faceswap's `face` sort groups the same way);
 * - yaw: from looking towards the image's left to its right;
 * - blur: sharpest first;
 * - size: largest in the source frame first.
 * Faces without what a method needs (no descriptor, pose or box) keep file-name order at the end.
 */
import type { FaceFacts } from './face-facts.js';
import { meanDescriptor, similarityToMean } from './identity-similarity.js';
import { descriptorDistance } from '../extract/face-detector.js';

export const SORT_METHODS = ['identity', 'similarity', 'yaw', 'blur', 'size'] as const;
export type SortMethod = (typeof SORT_METHODS)[number];

export interface SortedFace {
  face: FaceFacts;
  /** The value sorted on (similarity, distance to the previous face, degrees, sharpness, pixels); undefined when missing. */
  key?: number;
}

const KEY_NAMES: Record<SortMethod, string> = { identity: 'similarity', similarity: 'distance', yaw: 'yaw°', blur: 'sharpness', size: 'size px' };

export function sortKeyName(method: SortMethod): string {
  return KEY_NAMES[method];
}

function byKey(faces: FaceFacts[], key: (face: FaceFacts) => number | undefined, descending: boolean): SortedFace[] {
  const keyed = faces.map((face) => ({ face, key: key(face) }));
  const known = keyed.filter((f) => f.key !== undefined).sort((a, b) => (descending ? b.key! - a.key! : a.key! - b.key!) || a.face.path.localeCompare(b.face.path));
  return [...known, ...keyed.filter((f) => f.key === undefined)];
}

function similarityChain(faces: FaceFacts[]): SortedFace[] {
  const withDescriptor = faces.filter((f) => f.descriptor);
  const rest = faces.filter((f) => !f.descriptor).map((face) => ({ face }));
  if (withDescriptor.length === 0) return rest;
  const mean = meanDescriptor(withDescriptor.map((f) => f.descriptor!));
  let current = byKey(withDescriptor, (f) => similarityToMean(f.descriptor!, mean), true)[0]!.face;
  const chain: SortedFace[] = [{ face: current, key: 0 }];
  const remaining = new Set(withDescriptor.filter((f) => f !== current));
  while (remaining.size > 0) {
    let best: FaceFacts | undefined;
    let bestDistance = Infinity;
    for (const candidate of remaining) {
      const distance = descriptorDistance(current.descriptor!, candidate.descriptor!);
      if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
    }
    remaining.delete(best!);
    chain.push({ face: best!, key: bestDistance });
    current = best!;
  }
  return [...chain, ...rest];
}

export function sortFaces(faces: FaceFacts[], method: SortMethod): SortedFace[] {
  const ordered = [...faces].sort((a, b) => a.path.localeCompare(b.path));
  switch (method) {
    case 'identity': {
      const described = ordered.filter((f) => f.descriptor);
      const mean = described.length ? meanDescriptor(described.map((f) => f.descriptor!)) : undefined;
      return byKey(ordered, (f) => (f.descriptor && mean ? similarityToMean(f.descriptor, mean) : undefined), true);
    }
    case 'similarity':
      return similarityChain(ordered);
    case 'yaw':
      return byKey(ordered, (f) => f.pose?.yaw, false);
    case 'blur':
      return byKey(ordered, (f) => f.sharpness, true);
    case 'size':
      return byKey(ordered, (f) => (f.box ? Math.sqrt(f.box[2] * f.box[3]) : undefined), true);
  }
}
