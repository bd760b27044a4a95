/**
 * A layers model's weights (trainable and batch-norm statistics) to and from a faceforge weights
 * file, by layer weight name (`res3_conv1/kernel`), and an optimizer's state by position (tfjs's
 * Adam matches its moments to the variables by their order in the update, which is fixed here).
 */
import { readFile } from 'node:fs/promises';
import { decodeWeights, encodeWeightsChunks, ModelFileError, tf, writeFileAtomic, type TensorRecord } from '@faceforge/core';

export async function modelTensors(model: tf.LayersModel): Promise<TensorRecord[]> {
  return Promise.all(model.weights.map(async (w) => ({ name: w.originalName, shape: w.shape as number[], data: (await w.read().data()) as Float32Array })));
}

export async function optimizerTensors(optimizer: tf.Optimizer): Promise<TensorRecord[]> {
  const named = await optimizer.getWeights();
  return Promise.all(named.map(async ({ tensor }, i) => ({ name: `slot_${i}`, shape: tensor.shape, data: Float32Array.from(await tensor.data()) })));
}

export async function writeWeights(path: string, meta: Record<string, unknown>, tensors: TensorRecord[]): Promise<void> {
  await writeFileAtomic(path, encodeWeightsChunks(meta, tensors));
}

export async function readWeights(path: string): Promise<{ meta: Record<string, unknown>; tensors: Map<string, TensorRecord> }> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    throw new ModelFileError(`${path}: cannot be read (${(error as Error).message})`);
  }
  const decoded = decodeWeights(buffer, path);
  return { meta: decoded.header.meta, tensors: decoded.tensors };
}

/** Sets every weight of `model` from `tensors`; a missing or misshapen tensor is an error naming the file. */
export function setModelWeights(model: tf.LayersModel, tensors: Map<string, TensorRecord>, file: string): void {
  const values = model.weights.map((w) => {
    const record = tensors.get(w.originalName);
    if (!record) throw new ModelFileError(`${file}: has no tensor '${w.originalName}' (not a weights file of this network, or of another size)`);
    if (record.shape.join('x') !== w.shape.join('x')) {
      throw new ModelFileError(`${file}: '${w.originalName}' is ${record.shape.join('×')}, the network needs ${w.shape.join('×')}`);
    }
    return tf.tensor(record.data, record.shape, 'float32');
  });
  model.setWeights(values);
  tf.dispose(values);
}

/** Restores an optimizer's state saved by `optimizerTensors` (slot_0 = iterations, then moments). */
export async function setOptimizerState(optimizer: tf.Optimizer, tensors: Map<string, TensorRecord>): Promise<void> {
  const named: Array<{ name: string; tensor: tf.Tensor }> = [];
  for (let i = 0; tensors.has(`slot_${i}`); i++) {
    const record = tensors.get(`slot_${i}`)!;
    named.push({ name: `slot_${i}`, tensor: tf.tensor(record.data, record.shape, 'float32') });
  }
  if (named.length > 0) await optimizer.setWeights(named);
  tf.dispose(named.map((n) => n.tensor));
}
