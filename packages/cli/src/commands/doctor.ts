import { createRequire } from 'node:module';
import { access, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { faceforgeDirs, PACK_KINDS } from '@faceforge/packs';
import { BaseCommand } from '../base-command.js';
import { LINKED_PLUGINS_FILE } from '../forge-loader.js';
import { failureLine, listPlugins, pluginLine } from '../plugin-listing.js';

const require = createRequire(import.meta.url);
const VERSIONED = ['@faceforge/cli', '@faceforge/core', '@faceforge/packs', '@oclif/core'];

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not found';
  }
}

const exists = (path: string) => access(path).then(() => true, () => false);

async function countPacks(root: string): Promise<number> {
  let count = 0;
  for (const kind of PACK_KINDS) {
    for (const name of await readdir(join(root, kind)).catch(() => [] as string[])) count += (await readdir(join(root, kind, name)).catch(() => [])).length;
  }
  return count;
}

export default class Doctor extends BaseCommand {
  static override summary = 'Print where faceforge keeps its files, the backend it picks (and why), the versions and the plugins found.';
  static override description =
    'Everything lives in one home: FACEFORGE_HOME if set, else the XDG folders (data $XDG_DATA_HOME/faceforge, config $XDG_CONFIG_HOME/faceforge, ' +
    'cache $XDG_CACHE_HOME/faceforge). Exits with 1 when no backend loads or a plugin failed to load.';

  async run(): Promise<void> {
    await this.parse(Doctor);
    let problems = 0;
    this.log(`faceforge ${packageVersion('@faceforge/cli')} on Node ${process.version} (${process.platform}-${process.arch})`);
    this.log(`versions: ${VERSIONED.map((name) => `${name} ${packageVersion(name)}`).join(', ')}, tfjs ${tf.version.tfjs}`);

    const dirs = faceforgeDirs();
    this.log('');
    this.log(`where things live (${process.env.FACEFORGE_HOME ? 'FACEFORGE_HOME' : 'FACEFORGE_HOME not set: the XDG folders'}):`);
    this.log(`  data     ${dirs.data.path}  (${dirs.data.from})`);
    this.log(`  config   ${dirs.config.path}  (${dirs.config.from})`);
    this.log(`  cache    ${dirs.cache.path}  (${dirs.cache.from})`);
    this.log(`  plugins  ${dirs.plugins}`);
    this.log(`  packs    ${dirs.packs}  (${await countPacks(dirs.packs)} stored)`);
    this.log(`  presets  ${dirs.presets}`);
    // Files an earlier version left in its own places: say where they belong now.
    const oldPacks = join(homedir(), '.faceforge', 'packs');
    if (oldPacks !== dirs.packs && (await countPacks(oldPacks)) > 0) this.log(`  note: packs in the old store ${oldPacks}: move them to ${dirs.packs}`);
    for (const old of ['node_modules', LINKED_PLUGINS_FILE]) {
      if (await exists(join(dirs.data.path, old))) this.log(`  note: ${join(dirs.data.path, old)} is where plugins were kept before: install or link them again (they now live in ${dirs.plugins})`);
    }

    this.log('');
    const passedOver: string[] = [];
    try {
      const backend = await selectBackend({ log: () => undefined });
      passedOver.push(...backend.tried.map((t) => `${t.name}: ${t.reason}`));
      const why = process.env.FACEFORGE_BACKEND?.trim() ? 'requested via FACEFORGE_BACKEND' : 'the fastest that loads';
      this.log(`backend: ${backend.name} (${why})`);
      for (const line of passedOver) this.log(`  passed over ${line}`);
    } catch (error) {
      problems++;
      this.log(`backend: none: ${(error as Error).message}`);
    }

    this.log('');
    const { plugins, failures } = await listPlugins(await this.forge());
    this.log(`plugins: ${plugins.length} loaded${failures.length ? `, ${failures.length} failed` : ''}`);
    for (const p of plugins) this.log(`  ${pluginLine(p)}`);
    if (failures.length) {
      problems += failures.length;
      this.log('failed, left out:');
      for (const f of failures) this.log(`  ${failureLine(f)}`);
    }
    if (problems) this.exit(1);
  }
}
