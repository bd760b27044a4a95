/** A named set of things plugins contribute (models, losses, augmentations, masks, upscalers). */
import { PluginError } from '../util/errors.js';

export class Registry<T extends { name: string }> {
  private readonly items = new Map<string, { item: T; plugin: string }>();

  constructor(readonly kind: string) {}

  /** Adds `item`; a second item with the same name is a conflict between plugins. */
  register(item: T, plugin = 'unknown'): void {
    const existing = this.items.get(item.name);
    if (existing) {
      throw new PluginError(`${this.kind} '${item.name}' is registered twice: by ${existing.plugin} and by ${plugin}`);
    }
    this.items.set(item.name, { item, plugin });
  }

  /** Takes `name` back out: the host undoes what a plugin registered when its `apply` fails. */
  unregister(name: string): void {
    this.items.delete(name);
  }

  has(name: string): boolean {
    return this.items.has(name);
  }

  get(name: string): T {
    const entry = this.items.get(name);
    if (!entry) {
      const known = this.names();
      throw new PluginError(`no ${this.kind} named '${name}'. Available: ${known.length ? known.join(', ') : '(none installed)'}`);
    }
    return entry.item;
  }

  /** Which plugin contributed `name`. */
  owner(name: string): string | undefined {
    return this.items.get(name)?.plugin;
  }

  names(): string[] {
    return [...this.items.keys()].sort();
  }

  values(): T[] {
    return this.names().map((n) => this.items.get(n)!.item);
  }
}
