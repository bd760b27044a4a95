import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { architectureFingerprint, type FingerprintInput } from './fingerprint.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const BASE: FingerprintInput = {
  weights: [
    { name: 'conv_32_0_conv2d/kernel', shape: [5, 5, 3, 32], dtype: 'float32' },
    { name: 'conv_32_0_conv2d/bias', shape: [32], dtype: 'float32' },
    { name: 'dense_0/kernel', shape: [2048, 64], dtype: 'float32' },
  ],
  inputSize: 32, centering: 'face', coverage: 100,
};

test('the fingerprint is sha256 of a canonical JSON: stable, and pinned so a change to the recipe is noticed', () => {
  const fingerprint = architectureFingerprint(BASE);
  assert.match(fingerprint, /^sha256:[0-9a-f]{64}$/);
  assert.equal(architectureFingerprint(structuredClone(BASE)), fingerprint);
  // key order of the input objects does not matter, only values
  const reordered = { coverage: 100, centering: 'face', inputSize: 32, weights: BASE.weights.map((w) => ({ dtype: w.dtype, shape: w.shape, name: w.name })) };
  assert.equal(architectureFingerprint(reordered), fingerprint);
  // pinned: published packs carry this value, so the recipe must only ever change on purpose
  assert.equal(fingerprint, 'sha256:' + (sha256('{"weights":[["conv_32_0_conv2d/kernel",[5,5,3,32],"float32"],["conv_32_0_conv2d/bias",[32],"float32"],["dense_0/kernel",[2048,64],"float32"]],"inputSize":32,"centering":"face","coverage":100}')));
});

test('the fingerprint changes with any shape, name, order, dtype, input size, centering or coverage', () => {
  const base = architectureFingerprint(BASE);
  const variants: FingerprintInput[] = [
    { ...BASE, weights: BASE.weights.map((w, i) => (i === 2 ? { ...w, shape: [2048, 128] } : w)) },
    { ...BASE, weights: BASE.weights.map((w, i) => (i === 0 ? { ...w, name: 'conv_32_1_conv2d/kernel' } : w)) },
    { ...BASE, weights: [...BASE.weights].reverse() },
    { ...BASE, weights: BASE.weights.map((w, i) => (i === 1 ? { ...w, dtype: 'float16' } : w)) },
    { ...BASE, weights: BASE.weights.slice(0, 2) },
    { ...BASE, inputSize: 64 },
    { ...BASE, centering: 'head' },
    { ...BASE, coverage: 87.5 },
  ];
  const seen = new Set([base]);
  for (const variant of variants) {
    const fingerprint = architectureFingerprint(variant);
    assert.ok(!seen.has(fingerprint), `variant ${JSON.stringify(variant).slice(0, 120)} collides`);
    seen.add(fingerprint);
  }
});
