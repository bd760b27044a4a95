import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { createOptimizer, type OptimizerName } from './create-optimizer.js';
import { assertClose, createVariables, makeProblem, trainSteps } from './test-support/quadratic.js';

// Behaviour every optimizer shares (slot-optimizer.ts), checked for each of them.
const KINDS: Array<{ name: OptimizerName; slots: string[]; lr: number }> = [
  { name: 'adam', slots: ['m', 'v'], lr: 0.02 },
  { name: 'adabelief', slots: ['m', 's'], lr: 0.02 },
  { name: 'rms-prop', slots: ['ms'], lr: 0.005 },
];
const SHAPES = [[4], [3, 2], [2, 2]];

for (const kind of KINDS) {
  test(`${kind.name}: frozen variables (absent from grads) stay bit-identical and get no slots`, async () => {
    const problem = makeProblem(`${kind.name}-frozen`, SHAPES);
    const vars = createVariables(problem);
    const frozenBefore = vars[1].dataSync().slice();
    const optimizer = createOptimizer(kind.name, { learningRate: kind.lr });
    trainSteps(optimizer, problem, vars, 5, { skip: new Set([1]) });

    assert.deepEqual(vars[1].dataSync(), frozenBefore);
    assert.notDeepEqual(vars[0].dataSync(), problem[0].init); // the others did train
    const state = await optimizer.getState();
    const expectedKeys = [0, 2].flatMap((k) => kind.slots.map((s) => `${problem[k].name}/${s}`));
    assert.deepEqual(Object.keys(state.slots).sort(), expectedKeys.sort());
    optimizer.dispose();
    tf.dispose(vars);
  });

  test(`${kind.name}: getState → setState into a fresh optimizer → continuing is bit-identical`, async () => {
    const problem = makeProblem(`${kind.name}-resume`, SHAPES);
    const straight = createVariables(problem);
    const resumed = createVariables(problem, '-resumed');
    const schedule = (s: number) => kind.lr * (1 + (s % 3)); // lr changes too, as warmup would

    const uninterrupted = createOptimizer(kind.name, { learningRate: kind.lr });
    trainSteps(uninterrupted, problem, straight, 12, { beforeStep: (s) => (uninterrupted.learningRate = schedule(s)) });

    const first = createOptimizer(kind.name, { learningRate: kind.lr });
    trainSteps(first, problem, resumed, 7, { beforeStep: (s) => (first.learningRate = schedule(s)) });
    const saved = await first.getState();
    first.dispose();
    assert.equal(saved.step, 7);
    assert.equal(saved.name, kind.name);

    const second = createOptimizer(kind.name, { learningRate: kind.lr });
    second.setState(saved);
    assert.equal(second.step, 7);
    // setState copies: scribbling over the saved arrays must not reach the optimizer.
    Object.values(saved.slots).forEach((a) => a.fill(Number.NaN));
    trainSteps(second, problem, resumed, 5, { beforeStep: (s) => (second.learningRate = schedule(s + 7)) });

    assert.equal(second.step, uninterrupted.step);
    straight.forEach((v, k) => assert.deepEqual(resumed[k].dataSync(), v.dataSync(), problem[k].name));
    const [a, b] = [await uninterrupted.getState(), await second.getState()];
    for (const [key, values] of Object.entries(a.slots)) {
      const [variable, slot] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
      assert.deepEqual(b.slots[`${variable}-resumed/${slot}`], values, key);
    }
    uninterrupted.dispose();
    second.dispose();
    tf.dispose([...straight, ...resumed]);
  });

  test(`${kind.name}: setState rejects mismatched state with an error naming the problem`, async () => {
    const problem = makeProblem(`${kind.name}-badstate`, SHAPES);
    const vars = createVariables(problem);
    const optimizer = createOptimizer(kind.name, { learningRate: kind.lr });
    trainSteps(optimizer, problem, vars, 2);
    const good = await optimizer.getState();
    const target = `${problem[1].name}/${kind.slots[0]}`;
    const fresh = createOptimizer(kind.name);
    const withSlots = (slots: Record<string, Float32Array>) => ({ ...good, slots });

    const wrongShape = withSlots({ ...good.slots, [target]: new Float32Array(5) });
    assert.throws(() => fresh.setState(wrongShape), (e: Error) => e.message.includes(`variable '${problem[1].name}'`) && /shape \[3,2\]/.test(e.message));
    if (kind.slots.length > 1) {
      // (With a single slot, dropping it just describes a variable that never trained, which is valid.)
      const { [target]: _dropped, ...lacking } = good.slots;
      assert.throws(() => fresh.setState(withSlots(lacking)), new RegExp(`'${problem[1].name}' lacks slot`));
    }
    const ghost = Object.fromEntries(kind.slots.map((s) => [`no-such-variable/${s}`, new Float32Array(1)]));
    assert.throws(() => fresh.setState(withSlots({ ...good.slots, ...ghost })), /variable 'no-such-variable', which does not exist/);
    assert.throws(() => fresh.setState(withSlots({ ...good.slots, [`${problem[0].name}/zz`]: new Float32Array(4) })), /unexpected slot/);
    const otherName = KINDS.find((k) => k.name !== kind.name)!.name;
    assert.throws(() => fresh.setState({ ...good, name: otherName }), new RegExp(`'${otherName}'.*'${kind.name}'`));
    assert.throws(() => fresh.setState({ ...good, step: 1.5 }), /step/);

    // A rejected setState changes nothing: the fresh optimizer still accepts the good state afterwards.
    assert.equal(fresh.step, 0);
    fresh.setState(good);
    assert.equal(fresh.step, 2);
    fresh.dispose();
    optimizer.dispose();
    tf.dispose(vars);
  });

  test(`${kind.name}: no tensor leaks across steps; slots are the only new tensors; dispose frees them`, () => {
    const problem = makeProblem(`${kind.name}-leak`, SHAPES);
    const vars = createVariables(problem);
    const baseline = tf.memory().numTensors;
    const optimizer = createOptimizer(kind.name, { learningRate: kind.lr });
    trainSteps(optimizer, problem, vars, 1);
    const afterFirst = tf.memory().numTensors;
    assert.equal(afterFirst - baseline, vars.length * kind.slots.length);
    for (let i = 0; i < 5; i++) {
      trainSteps(optimizer, problem, vars, 1);
      assert.equal(tf.memory().numTensors, afterFirst, `step ${i + 2}`);
    }
    optimizer.dispose();
    assert.equal(tf.memory().numTensors, baseline);
    assert.throws(() => trainSteps(optimizer, problem, vars, 1), /after dispose/);
    tf.dispose(vars);
  });

  test(`${kind.name}: a per-variable learning-rate scale equals training that variable at lr × scale; 0 keeps it still`, () => {
    const problem = makeProblem(`${kind.name}-scale`, SHAPES);
    const scaled = createVariables(problem);
    const optimizer = createOptimizer(kind.name, { learningRate: kind.lr });
    optimizer.setLearningRateScale(scaled[0].name, 0);
    optimizer.setLearningRateScale(scaled[1].name, 0.25);
    const still = scaled[0].dataSync().slice();
    trainSteps(optimizer, problem, scaled, 6);
    assert.deepEqual(scaled[0].dataSync(), still, 'scale 0: bit-identical');

    // reference: one optimizer per variable at the scaled rate
    const reference = createVariables(problem, '-reference');
    for (const [k, scale] of [[1, 0.25], [2, 1]] as const) {
      const alone = createOptimizer(kind.name, { learningRate: kind.lr * scale });
      trainSteps(alone, [problem[k]], [reference[k]], 6);
      assertClose(scaled[k].dataSync(), reference[k].dataSync(), 1e-6, 1e-7, `variable ${k} at scale ${scale}`);
      alone.dispose();
    }
    assert.notDeepEqual(scaled[1].dataSync(), problem[1].init);
    assert.throws(() => optimizer.setLearningRateScale(scaled[2].name, -1), /learning rate must be a finite number >= 0, got -1/);
    optimizer.dispose();
    tf.dispose([...scaled, ...reference]);
  });

  test(`${kind.name}: bad gradients are rejected before anything is updated`, () => {
    const problem = makeProblem(`${kind.name}-badgrad`, SHAPES);
    const vars = createVariables(problem);
    const before = vars.map((v) => v.dataSync().slice());
    const optimizer = createOptimizer(kind.name, { learningRate: kind.lr });
    tf.tidy(() => {
      const ok = tf.zeros([4]);
      assert.throws(() => optimizer.applyGradients(vars, { [vars[0].name]: ok, [vars[1].name]: tf.zeros([2, 3]) }), /shape \[2,3\].*\[3,2\]/);
      assert.throws(() => optimizer.applyGradients(vars, { [vars[0].name]: ok, stray: tf.zeros([1]) }), /'stray'/);
      assert.throws(() => optimizer.applyGradients(vars, { [vars[0].name]: tf.zeros([4], 'int32') }), /float32/);
    });
    assert.equal(optimizer.step, 0);
    vars.forEach((v, k) => assert.deepEqual(v.dataSync(), before[k]));
    optimizer.dispose();
    tf.dispose(vars);
  });
}
