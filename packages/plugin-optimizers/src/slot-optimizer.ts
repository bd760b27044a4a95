import { tf } from '@faceforge/core';
import type { Optimizer, OptimizerState } from '@faceforge/core';
import { hasFusedKernel, runFusedUpdate } from '@faceforge/core/backend';
import { checkLearningRate } from './hyperparameters.js';

/** Gives every optimizer instance its own prefix: tfjs variable names are global and must be unique. */
let instanceCounter = 0;

/**
 * Shared machinery of the per-variable optimizers: lazy zero-initialised slot variables, the step
 * counter, one tf.tidy per variable, fused-kernel dispatch, and state save/restore.
 * Subclasses supply only the maths (`updateWithOps`) and the fused kernel's attrs.
 *
 * The step counter is global (one per applyGradients call), as the state format has one `step`.
 * torch keeps a step per parameter; the two agree whenever every variable that is trained at all
 * receives a gradient on every step, which is how faceswap trains (frozen weights stay frozen).
 */
export abstract class SlotOptimizer implements Optimizer {
  private readonly slotPrefix: string;
  private readonly slots = new Map<string, tf.Variable[]>();
  /** Per-variable learning-rate multipliers (per-part rates); absent means 1. */
  private readonly learningRateScales = new Map<string, number>();
  private stepCount = 0;
  private learningRateValue = 0;
  private disposed = false;

  protected constructor(
    readonly name: string,
    /** Slot names in kernel-output order, e.g. ['m', 'v']; also the fused kernel's input names. */
    protected readonly slotNames: readonly string[],
    private readonly fusedKernelName: string,
    learningRate: number,
  ) {
    this.slotPrefix = `faceforge-${name}-${instanceCounter++}`;
    this.learningRate = learningRate;
  }

  get learningRate(): number {
    return this.learningRateValue;
  }

  set learningRate(lr: number) {
    checkLearningRate(this.name, lr);
    this.learningRateValue = lr;
  }

  get step(): number {
    return this.stepCount;
  }

  setLearningRateScale(variableName: string, scale: number): void {
    checkLearningRate(`${this.name} (scale of '${variableName}')`, scale);
    if (scale === 1) this.learningRateScales.delete(variableName);
    else this.learningRateScales.set(variableName, scale);
  }

  /** Attrs for the fused kernel at this (1-based) step, with the variable's learning rate `lr`; see fused-kernels.ts. */
  protected abstract fusedAttrs(step: number, lr: number): Record<string, number>;

  /** The tfjs-op formulation with learning rate `lr`: returns [newParam, ...newSlots] in slotNames order. Runs inside a tidy. */
  protected abstract updateWithOps(
    param: tf.Variable,
    grad: tf.Tensor,
    slots: readonly tf.Variable[],
    step: number,
    lr: number,
  ): tf.Tensor[];

  applyGradients(variables: tf.Variable[], grads: Record<string, tf.Tensor>): void {
    this.throwIfDisposed();
    // Validate everything before touching anything, so a bad call leaves the state consistent.
    const known = new Set(variables.map((v) => v.name));
    for (const name of Object.keys(grads)) {
      if (!known.has(name)) throw new Error(`${this.name}: gradient for '${name}', which is not among the variables`);
    }
    const work: Array<[tf.Variable, tf.Tensor]> = [];
    for (const variable of variables) {
      const grad = grads[variable.name];
      if (grad === undefined) continue; // frozen: untouched, no slots
      if (grad.dtype !== 'float32' || variable.dtype !== 'float32') {
        throw new Error(`${this.name}: '${variable.name}' and its gradient must be float32 (got ${variable.dtype}, ${grad.dtype})`);
      }
      if (!tf.util.arraysEqual(grad.shape, variable.shape)) {
        throw new Error(`${this.name}: gradient of '${variable.name}' has shape [${grad.shape}], the variable [${variable.shape}]`);
      }
      work.push([variable, grad]);
    }

    const step = ++this.stepCount;
    const fused = hasFusedKernel(this.fusedKernelName);
    for (const [variable, grad] of work) {
      const slots = this.slotsFor(variable);
      const lr = this.learningRate * (this.learningRateScales.get(variable.name) ?? 1);
      // One tidy per variable: only this variable's temporaries are alive at once.
      tf.tidy(() => {
        const updated = fused
          ? runFusedUpdate(this.fusedKernelName, this.kernelInputs(variable, grad, slots), this.fusedAttrs(step, lr), variable.shape, slots.length + 1)
          : this.updateWithOps(variable, grad, slots, step, lr);
        // assign() takes a reference to the new buffer; the tidy then releases the temporaries.
        variable.assign(updated[0]);
        slots.forEach((slot, i) => slot.assign(updated[i + 1]));
      });
    }
  }

  async getState(options: { live?: boolean } = {}): Promise<OptimizerState> {
    this.throwIfDisposed();
    const slots: Record<string, Float32Array> = {};
    for (const [variableName, vars] of this.slots) {
      for (const [i, slot] of vars.entries()) {
        // The cpu backend hands out its live backing array: copy unless the caller asked for it.
        const data = (await slot.data()) as Float32Array;
        slots[`${variableName}/${this.slotNames[i]}`] = options.live ? data : new Float32Array(data);
      }
    }
    return { name: this.name, step: this.stepCount, slots };
  }

  setState(state: OptimizerState): void {
    this.throwIfDisposed();
    if (state.name !== this.name) {
      throw new Error(`cannot restore '${state.name}' optimizer state into a '${this.name}' optimizer`);
    }
    if (!Number.isInteger(state.step) || state.step < 0) {
      throw new Error(`${this.name}: state step must be an integer >= 0, got ${state.step}`);
    }
    const restored = this.validateSlots(state.slots);

    // Valid: replace the current slots wholesale so the result is exactly the saved state.
    this.disposeSlots();
    for (const [variable, data] of restored) {
      this.slots.set(
        variable.name,
        data.map((values, i) =>
          // Copy: the cpu backend would otherwise keep a reference to the caller's array.
          tf.tidy(() => tf.variable(tf.tensor(values.slice(), variable.shape, 'float32'), false, this.slotName(variable.name, i))),
        ),
      );
    }
    this.stepCount = state.step;
  }

  dispose(): void {
    this.disposeSlots();
    this.disposed = true;
  }

  /**
   * Groups state slots per variable and checks them against the live tfjs variables (looked up by
   * name in the engine's registry, since setState receives no variable list): every variable must
   * exist, have exactly this optimizer's slots, and slot lengths must match its size.
   */
  private validateSlots(stateSlots: Record<string, Float32Array>): Map<tf.Variable, Float32Array[]> {
    const grouped = new Map<string, Map<string, Float32Array>>();
    for (const [key, values] of Object.entries(stateSlots)) {
      const cut = key.lastIndexOf('/');
      const variableName = key.slice(0, cut);
      const slotName = key.slice(cut + 1);
      if (cut <= 0 || !this.slotNames.includes(slotName)) {
        throw new Error(`${this.name}: unexpected slot '${key}' in state (expected '<variable>/{${this.slotNames.join(',')}}')`);
      }
      if (!(values instanceof Float32Array)) {
        throw new Error(`${this.name}: slot '${key}' must be a Float32Array`);
      }
      if (!grouped.has(variableName)) grouped.set(variableName, new Map());
      grouped.get(variableName)!.set(slotName, values);
    }
    const registry = tf.engine().registeredVariables;
    const restored = new Map<tf.Variable, Float32Array[]>();
    for (const [variableName, bySlot] of grouped) {
      const variable = registry[variableName];
      if (variable === undefined) {
        throw new Error(`${this.name}: state has slots for variable '${variableName}', which does not exist`);
      }
      const missing = this.slotNames.filter((s) => !bySlot.has(s));
      if (missing.length > 0) {
        throw new Error(`${this.name}: state for variable '${variableName}' lacks slot(s) ${missing.join(', ')}`);
      }
      const data = this.slotNames.map((s) => bySlot.get(s)!);
      for (const [i, values] of data.entries()) {
        if (values.length !== variable.size) {
          throw new Error(
            `${this.name}: state slot '${variableName}/${this.slotNames[i]}' has ${values.length} values, ` +
              `but variable '${variableName}' has shape [${variable.shape}] (${variable.size} values)`,
          );
        }
      }
      restored.set(variable, data);
    }
    return restored;
  }

  private slotsFor(variable: tf.Variable): tf.Variable[] {
    let slots = this.slots.get(variable.name);
    if (slots === undefined) {
      slots = this.slotNames.map((_, i) =>
        tf.tidy(() => tf.variable(tf.zerosLike(variable), false, this.slotName(variable.name, i))),
      );
      this.slots.set(variable.name, slots);
    }
    return slots;
  }

  private kernelInputs(param: tf.Variable, grad: tf.Tensor, slots: readonly tf.Variable[]): Record<string, tf.Tensor> {
    const inputs: Record<string, tf.Tensor> = { param, grad };
    slots.forEach((slot, i) => (inputs[this.slotNames[i]] = slot));
    return inputs;
  }

  private slotName(variableName: string, index: number): string {
    return `${this.slotPrefix}/${variableName}/${this.slotNames[index]}`;
  }

  private disposeSlots(): void {
    for (const vars of this.slots.values()) vars.forEach((v) => v.dispose());
    this.slots.clear();
  }

  private throwIfDisposed(): void {
    if (this.disposed) throw new Error(`${this.name}: optimizer used after dispose()`);
  }
}
