import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIteration, formatLogTick, formatLoss, logBounds, logTicks, niceStep, ticksInRange } from './ticks.js';
import { autoSmoothing, exponentialMovingAverage } from './ema.js';

test('nice steps and ticks are 1/2/5 multiples without float noise', () => {
  assert.equal(niceStep(3000, 6), 500);
  assert.equal(niceStep(0.14, 5), 0.02);
  assert.deepEqual(ticksInRange(0.02, 0.1, 0.02), [0.02, 0.04, 0.06, 0.08, 0.1]);
  assert.deepEqual(ticksInRange(1, 3000, 500), [500, 1000, 1500, 2000, 2500, 3000]);
});

test('log ticks widen to labelled bounds and get denser over short ranges', () => {
  assert.deepEqual(logBounds(0.021, 0.14), [0.02, 0.15]);
  assert.deepEqual(logTicks(0.02, 0.15), [0.02, 0.03, 0.05, 0.07, 0.1, 0.15]);
  assert.deepEqual(logTicks(0.001, 10), [0.001, 0.01, 0.1, 1, 10]);
  assert.equal(formatLogTick(0.15), '0.15');
  assert.equal(formatLogTick(1e-6), '1E-6');
});

test('axis labels', () => {
  assert.equal(formatIteration(950), '950');
  assert.equal(formatIteration(12000), '12K');
  assert.equal(formatIteration(1_500_000), '1.5M');
  assert.equal(formatLoss(0.04, 0.02), '0.04');
  assert.equal(formatLoss(0.1, 0.02), '0.10');
  assert.equal(formatLoss(2e-7, 1e-7), '2E-7');
});

test('EMA is bias-corrected, skips non-finite values, and auto smoothing grows with history', () => {
  assert.deepEqual(exponentialMovingAverage([2, 2, 2], 0.9), [2, 2, 2]);
  const e = exponentialMovingAverage([1, NaN, 3], 0.5);
  assert.equal(e[0], 1);
  assert.ok(Number.isNaN(e[1]));
  // (0.5*0.5*1 + 0.5*3) / (0.5*0.5 + 0.5) = 1.75 / 0.75
  assert.ok(Math.abs(e[2] - 1.75 / 0.75) < 1e-12);
  assert.equal(autoSmoothing(10), 0);
  assert.equal(autoSmoothing(4000), 0.99);
  assert.throws(() => exponentialMovingAverage([1], 1), /beta/);
});
