/** testPresets: every preset a plugin ships names only keys of its section and validates against it. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FaceforgePlugin } from '../plugin/plugin.js';
import { describeOptions } from '../config/options.js';
import { resolveSection } from '../config/validate.js';
import { harnessForge } from './host.js';

export interface PresetTestOptions {
  /** Plugins applied with it (after core's built-ins): those whose registrations its section lists. */
  plugins?: FaceforgePlugin[];
}

/** Registers node:test tests for each preset of `plugin`. */
export function testPresets(plugin: FaceforgePlugin, options: PresetTestOptions = {}): void {
  const presets = Object.entries(plugin.presets ?? {});
  describe(`presets of plugin '${plugin.meta.name}'`, () => {
    if (presets.length === 0) {
      test('ships no presets', { skip: 'the plugin has no presets' }, () => undefined);
      return;
    }
    const sectionOf = () => {
      // Built with the registries filled, as at run time (a section may list what is registered).
      const forge = harnessForge([plugin, ...(options.plugins ?? [])]);
      const section = forge.sectionOf(forge.plugin(plugin.meta.name) ?? plugin);
      assert.ok(section, `plugin '${plugin.meta.name}' ships presets but has no config section`);
      return section;
    };
    for (const [name, preset] of presets) {
      test(`'${name}': has a description and names only keys of the plugin's section`, () => {
        const section = sectionOf();
        assert.ok(typeof preset.description === 'string' && preset.description.trim().length > 0, 'a one-line description');
        assert.ok(preset.values && typeof preset.values === 'object' && !Array.isArray(preset.values), 'values is an object');
        assert.ok(Object.keys(preset.values).length > 0, 'the preset sets at least one value');
        const keys = describeOptions(section).map((o) => o.key);
        const unknown = Object.keys(preset.values).filter((k) => !keys.includes(k));
        assert.deepEqual(unknown, [], `[${section.id}] has no option ${unknown.join(', ')} (options: ${keys.join(', ')})`);
      });
      test(`'${name}': validates against [${typeof plugin.config === 'function' ? 'its section' : plugin.config?.id ?? 'no section'}] with resolveSection`, () => {
        const section = sectionOf();
        const resolved = resolveSection(section, preset.values, { file: `preset '${name}' of plugin '${plugin.meta.name}'` });
        for (const [key, value] of Object.entries(preset.values)) {
          if (typeof value !== 'string') assert.deepEqual(resolved[key], value, `${key} keeps its value`);
        }
      });
    }
  });
}
