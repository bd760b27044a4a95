/**
 * Which faces go into which batch. Each side walks its own seeded permutation of its faces,
 * epoch after epoch (faceswap's MultiDataset). The position is a pure function of the iteration,
 * so a resumed run picks exactly the faces an uninterrupted one would.
 */
import { Rng } from '../util/rng.js';

export class BatchSampler {
  private cachedEpoch = -1;
  private order: number[] = [];

  constructor(
    private readonly count: number,
    private readonly batchSize: number,
    private readonly seed: number,
    private readonly side: string,
  ) {}

  private epochOrder(epoch: number): number[] {
    if (epoch !== this.cachedEpoch) {
      this.order = Rng.for(this.seed, 'epoch', this.side, epoch).permutation(this.count);
      this.cachedEpoch = epoch;
    }
    return this.order;
  }

  /** Face indices for the batch of `iteration` (1-based, as the state counts). */
  indices(iteration: number): number[] {
    const out: number[] = [];
    const start = (iteration - 1) * this.batchSize;
    for (let k = 0; k < this.batchSize; k++) {
      const position = start + k;
      const epoch = Math.floor(position / this.count);
      out.push(this.epochOrder(epoch)[position % this.count]!);
    }
    return out;
  }
}
