import { type Point, type Rng } from '@faceforge/core';

export type Side = 'a' | 'b';

function flatten(faces: readonly (readonly Point[])[]): { values: Float32Array; stride: number } {
  const stride = (faces[0]?.length ?? 0) * 2;
  const values = new Float32Array(faces.length * stride);
  faces.forEach((face, f) => {
    if (face.length * 2 !== stride) throw new Error(`face ${f} has ${face.length} landmarks, expected ${stride / 2}`);
    face.forEach(([x, y], i) => {
      values[f * stride + 2 * i] = x;
      values[f * stride + 2 * i + 1] = y;
    });
  });
  return { values, stride };
}

/**
 * For warp-to-landmarks: each face's closest faces on the other side (L2 over the flattened,
 * crop-aligned landmarks), so a face is warped towards a shape the model sees for the other
 * identity. Neighbours are computed on first request and cached, as faceswap does, so
 * construction stays cheap for large sets.
 */
export class LandmarkMatcher {
  private readonly sides: Record<Side, { faces: readonly (readonly Point[])[]; values: Float32Array; stride: number }>;
  private readonly cache: Record<Side, Map<number, number[]>> = { a: new Map(), b: new Map() };

  constructor(sideA: readonly (readonly Point[])[], sideB: readonly (readonly Point[])[], readonly neighbours = 10) {
    this.sides = { a: { faces: sideA, ...flatten(sideA) }, b: { faces: sideB, ...flatten(sideB) } };
    if (sideA.length > 0 && sideB.length > 0 && this.sides.a.stride !== this.sides.b.stride) {
      throw new Error('both sides need the same landmark count');
    }
  }

  /** Indices into the other side of the `neighbours` closest faces, nearest first. */
  nearest(side: Side, index: number): readonly number[] {
    const cached = this.cache[side].get(index);
    if (cached) return cached;
    const own = this.sides[side];
    const other = this.sides[side === 'a' ? 'b' : 'a'];
    if (index < 0 || index >= own.faces.length) throw new RangeError(`no face ${index} on side ${side}`);
    const k = Math.min(this.neighbours, other.faces.length);
    const bestIndex: number[] = [];
    const bestDistance: number[] = [];
    const offset = index * own.stride;
    for (let f = 0; f < other.faces.length; f++) {
      let distance = 0;
      const base = f * other.stride;
      for (let i = 0; i < own.stride; i++) {
        const d = own.values[offset + i]! - other.values[base + i]!;
        distance += d * d;
      }
      if (bestIndex.length === k && distance >= bestDistance[k - 1]!) continue;
      // Insertion into the small sorted top-k list.
      let at = bestIndex.length === k ? k - 1 : bestIndex.length;
      while (at > 0 && bestDistance[at - 1]! > distance) {
        bestDistance[at] = bestDistance[at - 1]!;
        bestIndex[at] = bestIndex[at - 1]!;
        at--;
      }
      bestDistance[at] = distance;
      bestIndex[at] = f;
    }
    this.cache[side].set(index, bestIndex);
    return bestIndex;
  }

  /** One of the nearest other-side faces, uniformly at random; its landmarks, un-jittered. */
  pickPartner(side: Side, index: number, rng: Rng): readonly Point[] {
    const candidates = this.nearest(side, index);
    if (candidates.length === 0) throw new Error(`side ${side === 'a' ? 'b' : 'a'} has no faces to match`);
    const chosen = candidates[rng.int(0, candidates.length - 1)]!;
    return this.sides[side === 'a' ? 'b' : 'a'].faces[chosen]!;
  }
}
