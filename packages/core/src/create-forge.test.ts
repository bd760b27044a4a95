import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createForge, pluginReport } from './create-forge.js';
import type { Logger } from './util/logger.js';

async function plugin(root: string, name: string, marker: { kind: string; name: string }, module: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3', type: 'module', keywords: ['faceforge-plugin'], faceforge: marker }));
  await writeFile(join(dir, 'index.js'), module);
  return dir;
}

const model = (name: string, body: string) =>
  `export default { meta: { name: '${name}', kind: 'model', version: '1', description: 'd' }, apply(api) { ${body} } };\n`;
const register = (name: string) => `api.models.register({ name: '${name}', description: 'd', build() {} });`;

test('createForge leaves out bad discovered plugins, one warning each, hooks of a failed apply removed, and reports them', async () => {
  const root = await mkdtemp(join(tmpdir(), 'faceforge-create-forge-'));
  const dirs = [
    await plugin(root, 'good', { kind: 'model', name: 'good' }, model('good', register('good'))),
    await plugin(root, 'half', { kind: 'model', name: 'half' }, model('half', `${register('half')} api.hooks.afterStep.tap('half', () => {}); throw new Error('no');`)),
    await plugin(root, 'twice', { kind: 'model', name: 'twice' }, model('twice', `${register('good')}`)),
    await plugin(root, 'mismatch', { kind: 'model', name: 'y' }, model('z', register('z'))),
    await plugin(root, 'syntax', { kind: 'model', name: 's' }, 'export default {{{'),
    await plugin(root, 'bad-kind', { kind: 'widget', name: 'w' }, model('w', '')),
    await plugin(root, 'claims', { kind: 'model', name: 'claims' },
      `export default { meta: { name: 'claims', kind: 'model', version: '1', description: 'd' }, config: { id: 'global', help: 'h', schema: { type: 'object', properties: {} } }, apply() {} };\n`),
  ];
  const warnings: string[] = [];
  const log: Logger = { info: () => undefined, warn: (m) => warnings.push(m) };
  const forge = await createForge({ log, discover: { cwd: root, linked: dirs } });

  assert.ok(forge.models.has('good'));
  assert.ok(!forge.models.has('half') && !forge.plugin('half'), 'a plugin whose apply threw is not applied, and what it registered is taken back');
  assert.equal(forge.models.owner('good'), 'good', 'a second registration of a taken name is refused, the first kept');
  assert.equal(forge.hooks.afterStep.taps.filter((t) => t.name === 'half').length, 0, 'its taps were removed');
  assert.ok(!forge.plugin('claims') && forge.plugin('global'), 'a section claim is refused before apply');

  const failures = pluginReport(forge).failures.map((f) => `${f.packageName}:${f.stage}`).sort();
  assert.deepEqual(failures, ['bad-kind:discover', 'claims:check', 'half:apply', 'mismatch:load', 'syntax:load', 'twice:apply']);
  assert.equal(warnings.length, 6);
  assert.ok(warnings.some((w) => w.startsWith(`plugin half (${join(root, 'half', 'index.js')}): apply() threw: no; what it registered and tapped was taken back; left out, the run continues without it`)), warnings.join('\n'));
  assert.ok(warnings.some((w) => w.includes("plugin mismatch: package.json says model 'y' but the module exports model 'z'")));
  assert.ok(warnings.some((w) => w.startsWith('plugin twice') && w.includes("model 'good' is registered twice: by good and by twice")), warnings.join('\n'));
  assert.deepEqual(pluginReport(forge).sources.get('good'), { packageName: 'good', version: '1.2.3', dir: dirs[0], file: join(dirs[0]!, 'index.js') });
});
