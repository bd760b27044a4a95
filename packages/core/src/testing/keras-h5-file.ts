/**
 * Writes weights in Keras's legacy `.h5` layout, as h5py does for `model.save_weights('x.h5')`:
 * root attribute `layer_names` and per layer `weight_names` (fixed-length byte strings), datasets
 * at `<layer>/<weight name>`. For tests that need a Keras file of a network too large to commit
 * (VGG19 with random weights); the committed fixture written by h5py itself checks the reader.
 */
import type { LayerWeight } from '../io/keras-weight-types.js';

export interface KerasLayerToWrite {
  name: string;
  /** Empty for layers without weights (pooling, input), which Keras lists too. */
  weights: LayerWeight[];
}

function fixedLengthDtype(strings: readonly string[]): string {
  return `S${Math.max(1, ...strings.map((s) => Buffer.byteLength(s)))}`;
}

export async function writeKerasH5Weights(file: string, layers: readonly KerasLayerToWrite[]): Promise<void> {
  const { default: h5wasm } = await import('h5wasm/node');
  await h5wasm.ready;
  const out = new h5wasm.File(file, 'w');
  try {
    const layerNames = layers.map((l) => l.name);
    out.create_attribute('layer_names', layerNames, [layerNames.length], fixedLengthDtype(layerNames));
    out.create_attribute('backend', 'tensorflow');
    out.create_attribute('keras_version', '2.15.0');
    for (const layer of layers) {
      const group = out.create_group(layer.name);
      const names = layer.weights.map((w) => w.name);
      // As h5py stores Keras's np.asarray([]) for a layer without weights: an empty float64 array.
      if (names.length === 0) group.create_attribute('weight_names', new Float64Array(0), [0], '<d');
      else group.create_attribute('weight_names', names, [names.length], fixedLengthDtype(names));
      for (const weight of layer.weights) {
        // h5py makes the intermediate groups of a name like `block1_conv1/kernel:0`; h5wasm does not.
        const parts = weight.name.split('/');
        let parent = group;
        for (const part of parts.slice(0, -1)) parent = (parent.get(part) as typeof parent | null) ?? parent.create_group(part);
        parent.create_dataset({ name: parts.at(-1)!, data: weight.values, shape: weight.shape, dtype: '<f' });
      }
    }
  } finally {
    out.close();
  }
}
