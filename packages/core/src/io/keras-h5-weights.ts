/**
 * Keras's legacy HDF5 weights layout, as `save_weights('x.h5')` and keras.applications write it
 * (`model.save('x.h5')` puts the same under a `model_weights` group):
 *   root attribute `layer_names`: every layer, in model order;
 *   per layer group, attribute `weight_names`: that layer's weights in its own order;
 *   datasets at `<layer>/<weight name>` (so `block1_conv1/block1_conv1/kernel:0`).
 * Read with h5wasm (HDF5 compiled to WebAssembly; its node build reads the file in place).
 * Keras splits an attribute over 64 KiB into `name0`, `name1`, …; both forms are read.
 */
import type { Group as H5Group } from 'h5wasm';
import { ModelFileError } from '../util/errors.js';
import type { KerasWeights, LayerWeight, ReadKerasWeightsOptions } from './keras-weight-types.js';

type H5Module = typeof import('h5wasm').default;
let h5: Promise<H5Module> | undefined;

async function loadH5wasm(): Promise<H5Module> {
  h5 ??= import('h5wasm/node').then(async (module) => {
    await module.default.ready;
    return module.default;
  });
  return h5;
}

/** A string-array attribute, joined back from Keras's chunks when it was split. */
function stringsAttribute(group: H5Group, name: string): string[] | undefined {
  // h5py stores a layer without weights as np.asarray([]): an empty float64 array, not strings.
  const toStrings = (value: unknown): string[] => {
    if (ArrayBuffer.isView(value)) return Array.from(value as Float64Array, String);
    return (Array.isArray(value) ? value : [value]).map(String);
  };
  if (name in group.attrs) return toStrings(group.get_attribute(name, false));
  const chunks: string[] = [];
  for (let i = 0; `${name}${i}` in group.attrs; i++) chunks.push(...toStrings(group.get_attribute(`${name}${i}`, false)));
  return chunks.length > 0 ? chunks : undefined;
}

function toFloat32(file: string, path: string, value: unknown): Float32Array {
  if (value instanceof Float32Array) return value;
  if (value instanceof Float64Array) return Float32Array.from(value);
  throw new ModelFileError(`${file}: dataset ${path} is not float32 or float64 (${Object.prototype.toString.call(value)})`);
}

export async function readKerasH5Weights(file: string, options: ReadKerasWeightsOptions = {}): Promise<KerasWeights> {
  const api = await loadH5wasm();
  let h5file: InstanceType<H5Module['File']>;
  try {
    h5file = new api.File(file, 'r');
  } catch (error) {
    throw new ModelFileError(`${file}: cannot open as HDF5 (${(error as Error).message})`);
  }
  try {
    const modelWeights = h5file.get('model_weights');
    const root = modelWeights instanceof api.Group ? modelWeights : h5file;
    const layerNames = stringsAttribute(root, 'layer_names');
    if (!layerNames) {
      const hint = h5file.get('layers') instanceof api.Group ? ' (this looks like a Keras 3 `.weights.h5`; save with `model.save_weights("x.h5")` in legacy format or convert to tfjs-layers)' : '';
      throw new ModelFileError(`${file}: not a Keras weights file: no 'layer_names' attribute${hint}`);
    }
    const wanted = options.layers ? new Set(options.layers) : undefined;
    const layerNamesWithWeights: string[] = [];
    const layers = new Map<string, LayerWeight[]>();
    for (const layer of layerNames) {
      const group = root.get(layer);
      if (!(group instanceof api.Group)) throw new ModelFileError(`${file}: layer '${layer}' is listed in layer_names but has no group`);
      const weightNames = stringsAttribute(group, 'weight_names');
      if (!weightNames) throw new ModelFileError(`${file}: layer group '${layer}' has no 'weight_names' attribute`);
      if (weightNames.length === 0) continue;
      layerNamesWithWeights.push(layer);
      if (wanted && !wanted.has(layer)) continue;
      layers.set(
        layer,
        weightNames.map((name) => {
          const dataset = group.get(name);
          if (!(dataset instanceof api.Dataset)) throw new ModelFileError(`${file}: weight '${name}' of layer '${layer}' has no dataset`);
          return { name, shape: dataset.shape ?? [], values: toFloat32(file, `${layer}/${name}`, dataset.value) };
        }),
      );
    }
    return { file, format: 'keras-h5', layerNames: layerNamesWithWeights, layers };
  } finally {
    h5file.close();
  }
}
