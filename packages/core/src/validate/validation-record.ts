/**
 * What one validation pass records in state.json (`validation`), and how a pass is scored for
 * ranking snapshots. Distances are face-api's Euclidean descriptor distances (0.6 separates
 * people) to the mean descriptor of A's and of B's training faces.
 */
export interface IdentityFigures {
  /** Mean distance to A's mean descriptor. */
  toA: number;
  /** Mean distance to B's mean descriptor. */
  toB: number;
  /** Share of the faces nearer B's mean than A's (0..1): "is person B". */
  nearerB: number;
}

export interface ValidationRecord {
  iteration: number;
  /** ISO time the pass ran. */
  time: string;
  /** Held-out A faces through decoder B: the swap. */
  aToB: IdentityFigures;
  /** Held-out B faces through decoder A: the swap the other way. */
  bToA: IdentityFigures;
  /** Held-out A faces through decoder A: the control (the swap's blur, A's identity). */
  aToA: IdentityFigures;
  /** Held-out B faces through decoder B. */
  bToB: IdentityFigures;
  /** Reconstruction SSIM of the held-out faces through their own decoder. */
  ssim: { a: number; b: number };
  /** See `identityScore`. */
  score: number;
  /** Seconds the pass took. */
  seconds: number;
}

/** The held-out faces and the untouched originals' own figures: the floor the swaps are read against. */
export interface ValidationSet {
  /** 'frame' / 'file-name': the last share of each source held out; 'folder': folders the user gave. */
  from: 'frame' | 'file-name' | 'folder';
  faces: { a: number; b: number };
  /** Training faces whose descriptors make each side's mean. */
  referenceFaces: { a: number; b: number };
  originals: { a: IdentityFigures; b: IdentityFigures };
  /** The held-out face files: a snapshot or a fused model is validated on the same faces later. */
  heldOutFiles: { a: string[]; b: string[] };
  /** A's and B's mean descriptors, as the figures measured against them. */
  means: { a: number[]; b: number[] };
}

/**
 * One number per pass, higher is better: how far each swap has moved toward its target identity,
 * the mean of (distance to A − distance to B) of A→B and (distance to B − distance to A) of B→A.
 * Positive: the swaps sit nearer their target's mean than their source's.
 */
export function identityScore(record: Pick<ValidationRecord, 'aToB' | 'bToA'>): number {
  return (record.aToB.toA - record.aToB.toB + (record.bToA.toB - record.bToA.toA)) / 2;
}
