import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchSampler } from './batch-sampler.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

test('every face appears exactly once per epoch, also when batches straddle epochs', () => {
  for (const [count, batch] of [[30, 6], [30, 7], [7, 16], [1, 4], [25, 25]] as const) {
    const sampler = new BatchSampler(count, batch, 1234, 'a');
    const stream: number[] = [];
    const iterations = Math.ceil((count * 5) / batch) + 1;
    for (let it = 1; it <= iterations; it++) {
      const indices = sampler.indices(it);
      assert.equal(indices.length, batch);
      stream.push(...indices);
    }
    for (let epoch = 0; epoch < 5; epoch++) {
      const slice = stream.slice(epoch * count, (epoch + 1) * count);
      assert.deepEqual([...slice].sort((x, y) => x - y), range(count), `count ${count} batch ${batch} epoch ${epoch}`);
    }
  }
});

test('epochs are shuffled differently and are not the identity order', () => {
  const sampler = new BatchSampler(40, 8, 9, 'a');
  const epoch0 = range(5).flatMap((i) => sampler.indices(i + 1));
  const epoch1 = range(5).flatMap((i) => sampler.indices(i + 6));
  assert.notDeepEqual(epoch0, range(40));
  assert.notDeepEqual(epoch0, epoch1);
});

test('indices(i) is a pure function of i: any call order, fresh samplers, same result', () => {
  const a = new BatchSampler(30, 8, 42, 'b');
  const forward = range(40).map((i) => a.indices(i + 1));
  const b = new BatchSampler(30, 8, 42, 'b');
  const backward = range(40).reverse().map((i) => b.indices(i + 1)).reverse();
  assert.deepEqual(backward, forward);
  // A resumed run (fresh sampler, jumping straight to iteration 17) sees the same batch.
  assert.deepEqual(new BatchSampler(30, 8, 42, 'b').indices(17), forward[16]);
  // Repeated calls, interleaved with other epochs, do not change it.
  assert.deepEqual(a.indices(3), forward[2]);
  a.indices(39);
  assert.deepEqual(a.indices(3), forward[2]);
});

test('different sides and seeds give different orders', () => {
  const first = (seed: number, side: string) => {
    const s = new BatchSampler(50, 10, seed, side);
    return range(5).flatMap((i) => s.indices(i + 1));
  };
  const a = first(1, 'a');
  assert.notDeepEqual(first(1, 'b'), a);
  assert.notDeepEqual(first(2, 'a'), a);
  assert.deepEqual(first(1, 'a'), a);
  // Each is still a permutation of the faces.
  for (const order of [a, first(1, 'b'), first(2, 'a')]) assert.deepEqual([...order].sort((x, y) => x - y), range(50));
});
