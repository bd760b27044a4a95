/**
 * `--identity REF`: in frames with several people, swap only the one who looks like the
 * reference. Faces are compared by the Euclidean distance of their 128-d face-api descriptors;
 * face-api's own rule of thumb is that the same person stays below 0.6.
 */
import type { LocatedFace } from './convert-types.js';

export const DEFAULT_IDENTITY_THRESHOLD = 0.6;

export function descriptorDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`descriptors differ in length: ${a.length} and ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum);
}

/** The faces close enough to `reference`; faces without a descriptor are left out (they can't be checked). */
export function facesMatching(faces: LocatedFace[], reference: readonly number[], threshold = DEFAULT_IDENTITY_THRESHOLD): LocatedFace[] {
  return faces.filter((face) => face.descriptor !== undefined && descriptorDistance(face.descriptor, reference) <= threshold);
}
