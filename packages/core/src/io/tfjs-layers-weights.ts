/**
 * A tfjs-layers `model.json` (what `tensorflowjs_converter --input_format keras` writes): its
 * `weightsManifest` lists the shard files and each weight's name (`<layer>/<weight>`), shape,
 * dtype and quantization; tfjs decodes the shards. Weights are grouped by the layer prefix of their
 * name, keeping the manifest's order (Keras's order within a layer).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tf } from '../tf.js';
import { ModelFileError } from '../util/errors.js';
import type { KerasWeights, LayerWeight } from './keras-weight-types.js';

interface ManifestGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

export async function readTfjsLayersWeights(file: string, text: string): Promise<KerasWeights> {
  let manifest: ManifestGroup[];
  try {
    manifest = (JSON.parse(text) as { weightsManifest?: ManifestGroup[] }).weightsManifest ?? [];
  } catch (error) {
    throw new ModelFileError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(manifest) || manifest.length === 0) throw new ModelFileError(`${file}: no 'weightsManifest': not a tfjs-layers model.json`);
  const layers = new Map<string, LayerWeight[]>();
  for (const group of manifest) {
    const shards = await Promise.all(
      group.paths.map((path) =>
        readFile(join(dirname(file), path)).catch((error: Error) => {
          throw new ModelFileError(`${file}: cannot read weight shard ${path} (${error.message})`);
        }),
      ),
    );
    const buffer = Buffer.concat(shards);
    const tensors = tf.io.decodeWeights(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength), group.weights);
    for (const entry of group.weights) {
      const tensor = tensors[entry.name]!;
      const slash = entry.name.lastIndexOf('/');
      const layer = slash > 0 ? entry.name.slice(0, slash) : entry.name;
      const values = Float32Array.from(tensor.dataSync());
      tensor.dispose();
      const list = layers.get(layer) ?? [];
      list.push({ name: entry.name, shape: [...entry.shape], values });
      layers.set(layer, list);
    }
  }
  return { file, format: 'tfjs-layers', layers };
}
