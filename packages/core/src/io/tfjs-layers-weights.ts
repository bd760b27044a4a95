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
import type { KerasWeights, LayerWeight, ReadKerasWeightsOptions } from './keras-weight-types.js';

interface ManifestGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Bytes one manifest entry takes in the shards (quantized entries store their quantized dtype). */
function entryByteLength(file: string, entry: tf.io.WeightsManifestEntry): number {
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  const bytes = BYTES_PER_ELEMENT[dtype];
  if (!bytes) throw new ModelFileError(`${file}: weight '${entry.name}' has dtype ${dtype}, which a Keras weights file does not use`);
  return bytes * entry.shape.reduce((a, b) => a * b, 1);
}

/** `<layer>/<weight>` → layer. */
function layerOf(weightName: string): string {
  const slash = weightName.lastIndexOf('/');
  return slash > 0 ? weightName.slice(0, slash) : weightName;
}

export async function readTfjsLayersWeights(file: string, text: string, options: ReadKerasWeightsOptions = {}): Promise<KerasWeights> {
  let manifest: ManifestGroup[];
  try {
    manifest = (JSON.parse(text) as { weightsManifest?: ManifestGroup[] }).weightsManifest ?? [];
  } catch (error) {
    throw new ModelFileError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(manifest) || manifest.length === 0) throw new ModelFileError(`${file}: no 'weightsManifest': not a tfjs-layers model.json`);
  const wanted = options.layers ? new Set(options.layers) : undefined;
  const layerNames = [...new Set(manifest.flatMap((group) => group.weights.map((entry) => layerOf(entry.name))))];
  const layers = new Map<string, LayerWeight[]>();
  for (const group of manifest) {
    // A group's shards hold its weights back to back: skip the files of groups with no layer asked for.
    if (wanted && !group.weights.some((entry) => wanted.has(layerOf(entry.name)))) continue;
    const shards = await Promise.all(
      group.paths.map((path) =>
        readFile(join(dirname(file), path)).catch((error: Error) => {
          throw new ModelFileError(`${file}: cannot read weight shard ${path} (${error.message})`);
        }),
      ),
    );
    const buffer = Buffer.concat(shards);
    let offset = 0;
    for (const entry of group.weights) {
      // Entries lie back to back; only the wanted ones are decoded (a VGG19 with its top has a 400 MB fc1).
      const length = entryByteLength(file, entry);
      const layer = layerOf(entry.name);
      if (!wanted || wanted.has(layer)) {
        if (offset + length > buffer.byteLength) throw new ModelFileError(`${file}: weight shards end before weight '${entry.name}' (${buffer.byteLength} bytes)`);
        const bytes = buffer.buffer.slice(buffer.byteOffset + offset, buffer.byteOffset + offset + length);
        const tensor = tf.io.decodeWeights(bytes, [entry])[entry.name]!;
        const values = Float32Array.from(tensor.dataSync());
        tensor.dispose();
        const list = layers.get(layer) ?? [];
        list.push({ name: entry.name, shape: [...entry.shape], values });
        layers.set(layer, list);
      }
      offset += length;
    }
  }
  return { file, format: 'tfjs-layers', layerNames, layers };
}
