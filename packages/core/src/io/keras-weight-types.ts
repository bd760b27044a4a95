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
  /** Layer name → its weights in the layer's order; layers without weights are left out. */
  layers: Map<string, LayerWeight[]>;
}
