/** Weights read from a Keras file, by layer (see keras-weights.ts). */
export interface LayerWeight {
  /** The weight's name in the file (e.g. `block1_conv1/kernel:0`). */
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface KerasWeights {
  file: string;
  format: 'keras-h5' | 'tfjs-layers';
  /** Every layer of the file that has weights, in model order (read or not). */
  layerNames: string[];
  /** Layer name → its weights in the layer's order, for the layers read (all, or those asked for). */
  layers: Map<string, LayerWeight[]>;
}

export interface ReadKerasWeightsOptions {
  /** Read only these layers' arrays (VGG19's convs, not its 400 MB fc1); default every layer. */
  layers?: readonly string[];
}
