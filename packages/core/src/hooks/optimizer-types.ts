import type * as tf from '@tensorflow/tfjs';

/**
 * The optimizer contract the trainer talks to. Implementations keep one set of slot variables
 * (moments) per trained variable and update one variable at a time, so peak memory is bounded by
 * the largest variable rather than the whole model (see backend-probe.md: tfjs's own Adam exhausts
 * the 4 GiB wasm heap on an 82 M-parameter model because it updates everything in one tidy).
 */

/** Serialisable optimizer state. Slot keys are `${variableName}/${slotName}`, e.g. `encoder/conv1/kernel/m`. */
export interface OptimizerState {
  name: string;
  step: number;
  slots: Record<string, Float32Array>;
}

export interface Optimizer {
  readonly name: string;
  /** Mutable between steps (LR warmup, LR finder, config changes on resume). */
  learningRate: number;
  /** One update. grads maps variable name → gradient; variables not in the map (frozen) are untouched and get no slots. */
  applyGradients(variables: tf.Variable[], grads: Record<string, tf.Tensor>): void;
  /**
   * Slot data, copied out. `{ live: true }` skips the copy and hands out the backend's own arrays
   * where it can (cpu, native): valid until the next applyGradients, which is all a save needs and
   * saves holding a second copy of the slots (twice the model size for Adam) in memory.
   */
  getState(options?: { live?: boolean }): Promise<OptimizerState>;
  /** Restores exactly (for resume); validates names/shapes, throws a clear error on mismatch. */
  setState(state: OptimizerState): void;
  /**
   * Multiplies the learning rate of one variable (per-part rates, e.g. `--encoder-lr-scale`); 1 by
   * default. 0 keeps the variable where it is while its moments still follow the gradients.
   */
  setLearningRateScale(variableName: string, scale: number): void;
  /** Number of applyGradients calls so far (restored by setState). */
  readonly step: number;
  dispose(): void;
}

/** The [global.optimizer]-style settings every optimizer is created from. */
export interface OptimizerSettings {
  learningRate: number;
  epsilon: number;
  /** Decay of the running mean of the gradient (Adam-like optimizers). */
  beta1: number;
  /** Decay of the running mean of the squared gradient. */
  beta2: number;
}

/** An optimizer an optimizer plugin registers, selectable by name. */
export interface OptimizerDefinition {
  name: string;
  description: string;
  create(settings: OptimizerSettings): Optimizer;
}
