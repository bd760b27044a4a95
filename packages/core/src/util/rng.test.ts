import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, hashSeed } from './rng.js';

test('same seed gives the same sequence, different purpose keys differ', () => {
  const a = Rng.for(1, 'augment', 0, 5);
  const b = Rng.for(1, 'augment', 0, 5);
  const c = Rng.for(1, 'augment', 0, 6);
  const sa = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(sa, Array.from({ length: 5 }, () => b.next()));
  assert.notDeepEqual(sa, Array.from({ length: 5 }, () => c.next()));
  assert.notEqual(hashSeed('ab', 'c'), hashSeed('a', 'bc'));
});

test('uniform draws cover the range with the right mean; permutation is a permutation', () => {
  const rng = new Rng(42);
  let sum = 0;
  for (let i = 0; i < 20000; i++) sum += rng.next();
  assert.ok(Math.abs(sum / 20000 - 0.5) < 0.01);
  const p = rng.permutation(50);
  assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
  let s2 = 0;
  for (let i = 0; i < 20000; i++) s2 += rng.normal() ** 2;
  assert.ok(Math.abs(s2 / 20000 - 1) < 0.05);
});
