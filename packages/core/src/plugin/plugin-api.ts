/**
 * What a plugin's `apply(api)` receives: the hooks, the one tfjs copy, model building blocks, a
 * logger, registries already bound to the plugin's name, and its own config section's values.
 * Nothing else of core (Rollup's PluginContext is the model: a plugin sees what it may use).
 */
import type { Tf } from '../tf.js';
import type { ForgeHooks } from '../hooks/forge-hooks.js';
import type { Blocks } from '../model/blocks.js';
import type { Logger } from '../util/logger.js';
import type { ConfigSection, SectionValues } from '../config/options.js';
import type { ModelDefinition } from '../model/face-swap-model.js';
import type { LossFunction } from '../hooks/loss-types.js';
import type { AugmentationDefinition, MaskDefinition, UpscalerDefinition } from '../hooks/contributions.js';
import type { OptimizerDefinition } from '../hooks/optimizer-types.js';
import type { ColourAdjustmentDefinition, WriterDefinition } from '../convert/convert-types.js';

/** A registry as one plugin sees it: what it registers is recorded as its own; lookups see everyone's. */
export interface PluginRegistry<T extends { name: string }> {
  register(item: T): void;
  has(name: string): boolean;
  /** Throws naming the registered alternatives when `name` is unknown. */
  get(name: string): T;
  names(): string[];
  values(): T[];
}

/** Everything plugins contribute, by kind. */
export interface Contributions {
  models: ModelDefinition;
  losses: LossFunction;
  augmentations: AugmentationDefinition;
  masks: MaskDefinition;
  optimizers: OptimizerDefinition;
  upscalers: UpscalerDefinition;
  colourAdjustments: ColourAdjustmentDefinition;
  writers: WriterDefinition;
}

export type ContributionKind = keyof Contributions;

export const CONTRIBUTION_KINDS: readonly ContributionKind[] = [
  'models', 'losses', 'augmentations', 'masks', 'optimizers', 'upscalers', 'colourAdjustments', 'writers',
];

export type PluginRegistries = { readonly [K in ContributionKind]: PluginRegistry<Contributions[K]> };

/** Values of a plugin's own section: typed from its schema when it has one. */
export type OwnOptions<S extends ConfigSection | undefined> = S extends ConfigSection ? SectionValues<S> : Record<string, never>;

export interface PluginApi<S extends ConfigSection | undefined = ConfigSection | undefined> extends PluginRegistries {
  readonly hooks: ForgeHooks;
  readonly tf: Tf;
  /** Fresh, deterministically named building blocks for one model build. */
  blocks(seed: number): Blocks;
  readonly log: Logger;
  /**
   * This plugin's section for the run in progress (training or convert): validated, every option
   * present, defaults from the schema. Read it inside hook taps, not in `apply` (no run yet there).
   */
  options(): OwnOptions<S>;
}
