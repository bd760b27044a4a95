/**
 * Pretrained weights saved by Keras, read by layer name: the legacy `.h5` layout
 * (`model.save_weights('x.h5')`, `model.save('x.h5')` and the keras.applications files) or a
 * tfjs-layers `model.json` with its weight shards. Both give, for each layer that has weights,
 * its arrays in the layer's own order (a Conv2D: kernel [kh, kw, in, out], then bias [out]), which
 * is how Keras itself matches a file to a model: by layer name, then by position.
 */
import { open, readFile } from 'node:fs/promises';
import { ModelFileError } from '../util/errors.js';
import { readKerasH5Weights } from './keras-h5-weights.js';
import { readTfjsLayersWeights } from './tfjs-layers-weights.js';
import type { KerasWeights, LayerWeight, ReadKerasWeightsOptions } from './keras-weight-types.js';

export type { KerasWeights, LayerWeight, ReadKerasWeightsOptions };

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads a Keras `.h5` or tfjs-layers `model.json`, told apart by content (HDF5 signature or JSON). */
export async function readKerasWeights(file: string, options: ReadKerasWeightsOptions = {}): Promise<KerasWeights> {
  let head: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      head = Buffer.alloc(8);
      await handle.read(head, 0, 8, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new ModelFileError(`${file}: cannot read the weights file (${(error as Error).message})`);
  }
  if (HDF5_SIGNATURE.every((byte, i) => head[i] === byte)) return readKerasH5Weights(file, options);
  if (head.toString('utf8').trimStart().startsWith('{')) return readTfjsLayersWeights(file, await readFile(file, 'utf8'), options);
  throw new ModelFileError(`${file}: neither an HDF5 file (Keras .h5) nor a tfjs-layers model.json`);
}

/** The weights of one layer, checked against the shapes the network expects. */
export function layerWeights(weights: KerasWeights, layer: string, expectedShapes: readonly (readonly number[])[]): LayerWeight[] {
  const found = weights.layers.get(layer);
  if (!found) {
    const known = weights.layerNames;
    if (known.includes(layer)) throw new ModelFileError(`${weights.file}: layer '${layer}' was not read (not in the layers asked for)`);
    throw new ModelFileError(`${weights.file}: no weights for layer '${layer}' (the file has ${known.length ? known.join(', ') : 'no layers with weights'})`);
  }
  if (found.length !== expectedShapes.length) {
    throw new ModelFileError(`${weights.file}: layer '${layer}' has ${found.length} weight arrays, expected ${expectedShapes.length}`);
  }
  found.forEach((weight, i) => {
    const expected = expectedShapes[i]!;
    if (weight.shape.length !== expected.length || weight.shape.some((d, j) => d !== expected[j])) {
      throw new ModelFileError(`${weights.file}: layer '${layer}' weight ${weight.name} has shape [${weight.shape}], expected [${expected}]`);
    }
  });
  return found;
}
