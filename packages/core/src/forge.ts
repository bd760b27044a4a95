/**
 * The plugin host: applies plugins, gives each its narrow `PluginApi` (registries bound to its
 * name, its own options), and holds what they register. Commands use the Forge; plugins never see it.
 */
import { tf } from './tf.js';
import { createHooks, type ForgeHooks } from './hooks/forge-hooks.js';
import { restoreTaps, snapshotTaps } from './hooks/tap-snapshot.js';
import { Registry } from './plugin/registry.js';
import { PLUGIN_KINDS, type FaceforgePlugin } from './plugin/plugin.js';
import { CONTRIBUTION_KINDS, type ContributionKind, type Contributions, type PluginApi, type PluginRegistry } from './plugin/plugin-api.js';
import { createBlocks } from './model/blocks.js';
import { sectionDefaults, type ConfigSection } from './config/options.js';
import type { ConfigValues } from './config/ini-file.js';
import { resolveSection } from './config/validate.js';
import { PluginRefusal } from './util/errors.js';
import { consoleLogger, type Logger } from './util/logger.js';

/** Plugin kinds that only convert uses: their sections stay out of training's config and state.json. */
const CONVERT_KINDS: ReadonlySet<string> = new Set(['convert', 'upscaler']);

/** What each registry is called in messages. */
const REGISTRY_LABELS: Record<ContributionKind, string> = {
  models: 'model', losses: 'loss function', augmentations: 'augmentation', masks: 'mask', optimizers: 'optimizer',
  upscalers: 'upscaler', colourAdjustments: 'colour adjustment', writers: 'writer',
};

type Registries = { readonly [K in ContributionKind]: Registry<Contributions[K]> };

function createRegistries(): Registries {
  return Object.fromEntries(CONTRIBUTION_KINDS.map((kind) => [kind, new Registry(REGISTRY_LABELS[kind])])) as unknown as Registries;
}

/** A registry view whose `register` records `plugin` as the owner, and how to undo it in `undo`. */
function bindRegistry<T extends { name: string }>(registry: Registry<T>, plugin: string, undo: Array<() => void>): PluginRegistry<T> {
  return {
    register: (item) => {
      registry.register(item, plugin);
      undo.push(() => registry.unregister(item.name));
    },
    has: (name) => registry.has(name),
    get: (name) => registry.get(name),
    names: () => registry.names(),
    values: () => registry.values(),
  };
}

export class Forge implements Registries {
  readonly hooks: ForgeHooks = createHooks();
  readonly tf = tf;
  readonly models!: Registry<Contributions['models']>;
  readonly losses!: Registry<Contributions['losses']>;
  readonly augmentations!: Registry<Contributions['augmentations']>;
  readonly masks!: Registry<Contributions['masks']>;
  readonly optimizers!: Registry<Contributions['optimizers']>;
  readonly upscalers!: Registry<Contributions['upscalers']>;
  readonly colourAdjustments!: Registry<Contributions['colourAdjustments']>;
  readonly writers!: Registry<Contributions['writers']>;
  private readonly applied: FaceforgePlugin[] = [];
  /** Each section's values for the run in progress, as `configure` resolved them. */
  private readonly runValues = new Map<string, Record<string, unknown>>();

  constructor(readonly log: Logger = consoleLogger) {
    Object.assign(this, createRegistries());
  }

  /** Bound registries per applied plugin, for sections built from what is registered. */
  private readonly apis = new Map<FaceforgePlugin, PluginApi>();

  /**
   * Checks a plugin's meta and section, then applies it with its own API. All or nothing: when
   * `apply` throws, what it registered and the taps it made are taken back before the error goes on.
   */
  use(plugin: FaceforgePlugin): this {
    const { meta } = plugin;
    if (!meta || typeof meta.name !== 'string' || !PLUGIN_KINDS.includes(meta.kind) || typeof plugin.apply !== 'function') {
      throw new PluginRefusal(`invalid plugin ${JSON.stringify(meta?.name)}: it must export meta {name, kind (${PLUGIN_KINDS.join('|')}), version, description} and apply(api)`);
    }
    if (this.applied.some((p) => p.meta.name === meta.name)) throw new PluginRefusal(`plugin '${meta.name}' is applied twice`);
    const undo: Array<() => void> = [];
    const api = this.apiFor(plugin, undo);
    this.apis.set(plugin, api);
    const section = this.sectionOf(plugin);
    if (section !== undefined && (typeof section?.id !== 'string' || typeof section.schema?.properties !== 'object')) {
      throw new PluginRefusal(`plugin '${meta.name}': config must be a section {id, help, schema} whose schema is a JSON Schema object with properties`);
    }
    if (section && this.applied.some((p) => this.sectionOf(p)?.id === section.id)) {
      throw new PluginRefusal(`plugin '${meta.name}' claims config section [${section.id}], which another plugin already owns`);
    }
    const taps = snapshotTaps(this.hooks);
    try {
      plugin.apply(api);
    } catch (error) {
      restoreTaps(taps);
      for (const step of undo.reverse()) step();
      this.apis.delete(plugin);
      throw error;
    }
    this.applied.push(plugin);
    return this;
  }

  /** A plugin's config section as it stands now (built from the registries when it is a function). */
  sectionOf(plugin: FaceforgePlugin): ConfigSection | undefined {
    const { config } = plugin;
    return typeof config === 'function' ? config(this.apis.get(plugin) ?? this.apiFor(plugin)) : config;
  }

  private withSections(plugins: readonly FaceforgePlugin[]): ConfigSection[] {
    return plugins.flatMap((p) => {
      const section = this.sectionOf(p);
      return section ? [section] : [];
    });
  }

  private apiFor(plugin: FaceforgePlugin, undo: Array<() => void> = []): PluginApi {
    const name = plugin.meta.name;
    const registries = Object.fromEntries(CONTRIBUTION_KINDS.map((kind) => [kind, bindRegistry(this[kind] as Registry<{ name: string }>, name, undo)]));
    return Object.freeze({
      ...(registries as unknown as PluginApi),
      hooks: this.hooks,
      tf: this.tf,
      log: this.log,
      blocks: (seed: number) => this.blocks(seed),
      // Called in hot taps (every sample, every step): the run's values are looked up, not re-validated.
      options: () => {
        const section = this.sectionOf(plugin);
        return (section ? this.sectionValues(section) : {}) as never;
      },
    });
  }

  /** Fresh, deterministically named building blocks for one model build. */
  blocks(seed: number) {
    return createBlocks(seed);
  }

  /**
   * Sets the values each plugin's `options()` returns for the run about to start: every section
   * present in `values` is validated and defaulted; sections not given keep their last values.
   */
  configure(values: ConfigValues, source = 'the run configuration'): this {
    for (const section of this.sections()) {
      if (values[section.id]) this.runValues.set(section.id, resolveSection(section, values[section.id]!, { file: source }));
    }
    return this;
  }

  /** A section's values for the run in progress (its defaults before any `configure`). */
  sectionValues(section: ConfigSection): Record<string, unknown> {
    let values = this.runValues.get(section.id);
    if (!values) {
      values = sectionDefaults(section);
      this.runValues.set(section.id, values);
    }
    return values;
  }

  get plugins(): readonly FaceforgePlugin[] {
    return this.applied;
  }

  plugin(name: string): FaceforgePlugin | undefined {
    return this.applied.find((p) => p.meta.name === name);
  }

  /** Every config section, in the order plugins were applied. */
  sections(): ConfigSection[] {
    return this.withSections(this.applied);
  }

  /** The config sections a training run uses: all but other models' sections and convert's. */
  sectionsFor(modelName: string): ConfigSection[] {
    return this.withSections(this.applied.filter((p) => !CONVERT_KINDS.has(p.meta.kind) && (p.meta.kind !== 'model' || this.models.owner(modelName) === p.meta.name)));
  }

  /** The config sections a convert run uses: convert plugins' and upscalers'. */
  convertSections(): ConfigSection[] {
    return this.withSections(this.applied.filter((p) => CONVERT_KINDS.has(p.meta.kind)));
  }
}
