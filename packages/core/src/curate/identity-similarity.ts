/**
 * Identity from face descriptors (face-api's 128-d, compared by Euclidean distance with 0.6 as
 * "same person"). EasyPhoto ranks faces by e_i · μ with μ the mean embedding (peers.md §5); here
 * the descriptors are L2-normalised and μ too, so the score is a cosine similarity in −1..1
 * (the order is EasyPhoto's: scaling μ changes no ranking). Distances between descriptors are
 * extraction's `descriptorDistance`.
 */
export type Descriptor = readonly number[];

function normalised(vector: Descriptor): number[] {
  const length = Math.hypot(...vector) || 1;
  return vector.map((v) => v / length);
}

/** The unit-length mean of the unit-length descriptors: the set's "typical identity". */
export function meanDescriptor(descriptors: readonly Descriptor[]): number[] {
  if (descriptors.length === 0) throw new Error('meanDescriptor: no descriptors');
  const sum = new Array<number>(descriptors[0]!.length).fill(0);
  for (const d of descriptors) normalised(d).forEach((v, i) => (sum[i]! += v));
  return normalised(sum);
}

/** Cosine similarity of `descriptor` to the (unit) mean. */
export function similarityToMean(descriptor: Descriptor, mean: Descriptor): number {
  return normalised(descriptor).reduce((s, v, i) => s + v * mean[i]!, 0);
}
