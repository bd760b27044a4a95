import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../tf.js';
import { sumGradients } from './sum-gradients.js';

test('one side at a time gives the joint gradients: shared variables summed, nothing leaked', () => {
  const shared = tf.variable(tf.tensor2d([[0.5, -1], [2, 0.25]]), true, 'sum-gradients/shared');
  const headA = tf.variable(tf.tensor2d([[1], [-2]]), true, 'sum-gradients/a');
  const headB = tf.variable(tf.tensor2d([[0.3], [0.7]]), true, 'sum-gradients/b');
  const variables = [shared, headA, headB];
  const x = { a: tf.tensor2d([[1, 2], [3, -1]]), b: tf.tensor2d([[-2, 0.5]]) };
  const loss = (side: 'a' | 'b') => tf.square(tf.matMul(tf.matMul(x[side], shared), side === 'a' ? headA : headB)).sum() as tf.Scalar;

  const joint = tf.variableGrads(() => tf.add(loss('a'), loss('b')) as tf.Scalar, variables);
  const before = tf.memory().numTensors;
  const summed = sumGradients((['a', 'b'] as const).map((side) => () => {
    const { value, grads } = tf.variableGrads(() => loss(side), variables);
    value.dispose();
    return grads;
  }));

  assert.deepEqual(Object.keys(summed).sort(), variables.map((v) => v.name).sort());
  for (const v of variables) {
    const got = summed[v.name]!.arraySync() as number[][];
    const want = joint.grads[v.name]!.arraySync() as number[][];
    got.flat().forEach((g, i) => assert.ok(Math.abs(g - want.flat()[i]!) < 1e-5, `${v.name}[${i}]: ${g} vs ${want.flat()[i]}`));
  }
  assert.ok(Math.abs((summed[shared.name]!.arraySync() as number[][])[0]![0]!) > 0, 'the shared variable gets a gradient');
  assert.equal(tf.memory().numTensors, before + variables.length, 'only the summed gradients are left');
  tf.dispose([joint.value, ...Object.values(joint.grads), ...Object.values(summed), ...variables, x.a, x.b]);
});
