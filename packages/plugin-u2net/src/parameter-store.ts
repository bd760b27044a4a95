/**
 * The network's variables by their torch state_dict names (stage1.rebnconvin.conv_s1.weight, ...),
 * so a weights file reads like the reference model's. Kernels are stored in tfjs's HWIO layout.
 * Initial values follow torch's defaults: conv weights and biases U(±1/√fan_in), batch-norm scale
 * 1 and shift 0, running mean 0 and variance 1; each tensor is seeded by its name.
 */
import { ModelFileError, Rng, tf, type TensorRecord } from '@faceforge/core';

/** tfjs variable names are global: each store gets its own prefix. */
let storeCounter = 0;

export interface ConvParameters {
  kernel: tf.Variable<tf.Rank.R4>;
  bias: tf.Variable<tf.Rank.R1>;
}

export interface BatchNormParameters {
  gamma: tf.Variable<tf.Rank.R1>;
  beta: tf.Variable<tf.Rank.R1>;
  runningMean: tf.Variable<tf.Rank.R1>;
  runningVariance: tf.Variable<tf.Rank.R1>;
}

export class ParameterStore {
  /** Trained by the optimizer: conv kernels and biases, batch-norm scales and shifts. */
  readonly trainable = new Map<string, tf.Variable>();
  /** Batch-norm running statistics: moved by training steps, used for prediction. */
  readonly running = new Map<string, tf.Variable>();
  private readonly prefix = `u2netp-${storeCounter++}/`;

  constructor(private readonly seed: number) {}

  private add(key: string, values: Float32Array, shape: number[], trainable: boolean): tf.Variable {
    const target = trainable ? this.trainable : this.running;
    if (this.trainable.has(key) || this.running.has(key)) throw new Error(`u2netp: parameter '${key}' is defined twice`);
    const variable = tf.variable(tf.tensor(values, shape, 'float32'), trainable, this.prefix + key);
    target.set(key, variable);
    return variable;
  }

  private uniform(key: string, count: number, bound: number): Float32Array {
    const rng = Rng.for(this.seed, key);
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = rng.uniform(-bound, bound);
    return values;
  }

  /** A size×size convolution with bias; `key` is the torch module path, e.g. stage1.rebnconvin.conv_s1. */
  conv(key: string, size: number, inChannels: number, outChannels: number): ConvParameters {
    const bound = 1 / Math.sqrt(inChannels * size * size);
    const kernel = this.add(`${key}.weight`, this.uniform(`${key}.weight`, size * size * inChannels * outChannels, bound), [size, size, inChannels, outChannels], true);
    const bias = this.add(`${key}.bias`, this.uniform(`${key}.bias`, outChannels, bound), [outChannels], true);
    return { kernel: kernel as tf.Variable<tf.Rank.R4>, bias: bias as tf.Variable<tf.Rank.R1> };
  }

  batchNorm(key: string, channels: number): BatchNormParameters {
    const filled = (value: number) => new Float32Array(channels).fill(value);
    return {
      gamma: this.add(`${key}.weight`, filled(1), [channels], true) as tf.Variable<tf.Rank.R1>,
      beta: this.add(`${key}.bias`, filled(0), [channels], true) as tf.Variable<tf.Rank.R1>,
      runningMean: this.add(`${key}.running_mean`, filled(0), [channels], false) as tf.Variable<tf.Rank.R1>,
      runningVariance: this.add(`${key}.running_var`, filled(1), [channels], false) as tf.Variable<tf.Rank.R1>,
    };
  }

  /** Number of trained values: what torch's sum(p.numel() for p in parameters()) counts. */
  countTrainable(): number {
    let total = 0;
    for (const v of this.trainable.values()) total += v.size;
    return total;
  }

  /** The key of a tfjs variable name (for optimizer slots, which are named by variable). */
  keyOf(variableName: string): string | undefined {
    return variableName.startsWith(this.prefix) ? variableName.slice(this.prefix.length) : undefined;
  }

  variableName(key: string): string {
    return this.prefix + key;
  }

  /** Every tensor, trained and running, as records for a weights file. */
  async records(): Promise<TensorRecord[]> {
    const records: TensorRecord[] = [];
    for (const [key, variable] of [...this.trainable, ...this.running]) {
      records.push({ name: key, shape: [...variable.shape], data: new Float32Array((await variable.data()) as Float32Array) });
    }
    return records;
  }

  /** Writes saved tensors into the variables; every one must be present with its shape. */
  load(tensors: Map<string, TensorRecord>, file: string): void {
    for (const [key, variable] of [...this.trainable, ...this.running]) {
      const record = tensors.get(key);
      if (!record) throw new ModelFileError(`${file}: has no tensor '${key}': not u2netp weights`);
      if (record.shape.join('x') !== variable.shape.join('x')) {
        throw new ModelFileError(`${file}: tensor '${key}' has shape [${record.shape}], u2netp needs [${variable.shape}]`);
      }
      const value = tf.tensor(record.data, record.shape, 'float32');
      variable.assign(value);
      value.dispose();
    }
  }

  dispose(): void {
    for (const variable of [...this.trainable.values(), ...this.running.values()]) variable.dispose();
    this.trainable.clear();
    this.running.clear();
  }
}
