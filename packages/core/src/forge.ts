/**
 * The object every plugin's `apply(forge)` receives: the hooks, the one tfjs copy, the shared
 * model building blocks and the registries that registration hooks fill.
 */
import { tf, type Tf } from './tf.js';
import { createHooks, type ForgeHooks } from './hooks/forge-hooks.js';
import { Registry } from './plugin/registry.js';
import type { FaceforgePlugin } from './plugin/plugin.js';
import { PLUGIN_KINDS } from './plugin/plugin.js';
import type { ModelDefinition } from './model/face-swap-model.js';
import type { LossFunction } from './losses/loss-function.js';
import type { AugmentationDefinition, MaskDefinition, UpscalerDefinition } from './hooks/contributions.js';
import type { ColourAdjustmentDefinition, WriterDefinition } from './convert/convert-types.js';
import { createBlocks, type Blocks } from './model/blocks.js';
import type { ConfigSection } from './config/options.js';
import { PluginError } from './util/errors.js';
import { consoleLogger, type Logger } from './util/logger.js';

/** Plugin kinds that only convert uses: their sections stay out of training's config and state.json. */
const CONVERT_KINDS: ReadonlySet<string> = new Set(['convert', 'upscaler']);

export class Forge {
  readonly hooks: ForgeHooks = createHooks();
  readonly tf: Tf = tf;
  readonly models = new Registry<ModelDefinition>('model');
  readonly losses = new Registry<LossFunction>('loss function');
  readonly augmentations = new Registry<AugmentationDefinition>('augmentation');
  readonly masks = new Registry<MaskDefinition>('mask');
  readonly upscalers = new Registry<UpscalerDefinition>('upscaler');
  readonly colourAdjustments = new Registry<ColourAdjustmentDefinition>('colour adjustment');
  readonly writers = new Registry<WriterDefinition>('writer');
  private readonly applied: FaceforgePlugin[] = [];
  private registered = false;

  constructor(readonly log: Logger = consoleLogger) {}

  /** Fresh, deterministically named building blocks for one model build. */
  blocks(seed: number): Blocks {
    return createBlocks(seed);
  }

  /** Applies a plugin: checks its meta and config section, then lets it tap the hooks. */
  use(plugin: FaceforgePlugin): this {
    if (this.registered) throw new PluginError(`plugin ${plugin.meta?.name}: plugins must be applied before the forge is ready`);
    const { meta } = plugin;
    if (!meta || typeof meta.name !== 'string' || !PLUGIN_KINDS.includes(meta.kind) || typeof plugin.apply !== 'function') {
      throw new PluginError(`invalid plugin ${JSON.stringify(meta?.name)}: it must export meta {name, kind (${PLUGIN_KINDS.join('|')}), version, description} and apply(forge)`);
    }
    if (this.applied.some((p) => p.meta.name === meta.name)) throw new PluginError(`plugin '${meta.name}' is applied twice`);
    const section = plugin.config?.id;
    if (section && this.applied.some((p) => p.config?.id === section)) {
      throw new PluginError(`plugin '${meta.name}' claims config section [${section}], which another plugin already owns`);
    }
    plugin.apply(this);
    this.applied.push(plugin);
    return this;
  }

  /** Runs the registration hooks once; after this the registries are complete. */
  ready(): this {
    if (this.registered) return this;
    this.registered = true;
    this.hooks.models.call(this.models);
    this.hooks.losses.call(this.losses);
    this.hooks.augmentations.call(this.augmentations);
    this.hooks.masks.call(this.masks);
    this.hooks.upscalers.call(this.upscalers);
    this.hooks.colourAdjustments.call(this.colourAdjustments);
    this.hooks.writers.call(this.writers);
    return this;
  }

  get plugins(): readonly FaceforgePlugin[] {
    return this.applied;
  }

  plugin(name: string): FaceforgePlugin | undefined {
    return this.applied.find((p) => p.meta.name === name);
  }

  /** Every config section, core's first, then model plugins, then the rest. */
  sections(): ConfigSection[] {
    return this.applied.flatMap((p) => (p.config ? [p.config] : []));
  }

  /** The config sections a training run uses: all but other models' sections and convert's. */
  sectionsFor(modelName: string): ConfigSection[] {
    return this.applied
      .filter((p) => p.config && !CONVERT_KINDS.has(p.meta.kind) && (p.meta.kind !== 'model' || this.models.owner(modelName) === p.meta.name))
      .map((p) => p.config!);
  }

  /** The config sections a convert run uses: convert plugins' and upscalers'. */
  convertSections(): ConfigSection[] {
    return this.applied.filter((p) => p.config && CONVERT_KINDS.has(p.meta.kind)).map((p) => p.config!);
  }
}
