/**
 * Packs: the local store as a table and a lineage graph, which packs fit a chosen model (same
 * encoder fingerprint), a registry's index (search, versions, pull), and "start a model" from an
 * encoder pack (the New model form with the pack chosen).
 */
import { getJson, modelPath, postJson, type ModelSummary, type PackEntry } from './api.js';
import { h, replaceChildren } from './dom.js';
import { lineageGraph } from './lineage-graph.js';

interface SearchHit {
  name: string;
  kind: string;
  plugin: string;
  latest: string;
  fingerprint: string;
  encoderFingerprint?: string;
  description: string;
  versions: number;
  deprecated?: string;
}

export async function renderPacksPage(main: HTMLElement): Promise<void> {
  const [packs, models] = await Promise.all([getJson<PackEntry[]>('/api/packs'), getJson<ModelSummary[]>('/api/models')]);
  let fingerprint: string | undefined;
  const fits = (p: { kind: string; fingerprint: string; encoderFingerprint?: string }) =>
    fingerprint !== undefined && (p.kind === 'encoder' ? p.fingerprint === fingerprint : p.encoderFingerprint === fingerprint);
  const search = h('input', { type: 'text', name: 'search', placeholder: 'search name, plugin, description' });
  const local = h('div', {});
  const graph = h('div', { style: 'overflow-x:auto' });
  const remote = h('div', {});
  const status = h('p', { class: 'muted' });

  const drawLocal = () => {
    const q = search.value.trim().toLowerCase();
    const shown = packs.filter((p) => !q || [p.name, p.plugin, p.description].join(' ').toLowerCase().includes(q));
    replaceChildren(local, shown.length === 0 ? h('p', { class: 'muted' }, 'no packs in the store (make one with `faceforge encoder pack`, or pull one below)') :
      h('table', { id: 'packs-table' }, h('tr', {}, ['kind', 'pack', 'plugin', 'fingerprint', 'made from', 'licence', fingerprint ? 'fits the model' : '', ''].map((t) => h('th', {}, t))),
        shown.map((p) => h('tr', {}, h('td', {}, p.kind), h('td', {}, `${p.name}@${p.version}`, p.yanked ? ' (yanked)' : ''), h('td', {}, p.plugin),
          h('td', { title: p.fingerprint }, p.fingerprint.replace(/^sha256:/, '').slice(0, 12)), h('td', {}, p.parent ?? p.origin ?? 'fresh weights'), h('td', {}, p.license),
          h('td', {}, fingerprint ? (fits(p) ? '✓' : '–') : ''),
          h('td', {}, p.kind === 'encoder' ? h('a', { href: `#/new?encoder=${encodeURIComponent(`${p.name}@${p.version}`)}&trainer=${encodeURIComponent(p.plugin)}` }, 'start a model') : '')))));
    replaceChildren(graph, packs.length ? lineageGraph(packs, fits) : null);
  };

  const runSearch = async () => {
    try {
      const found = await getJson<{ location: string; packs: SearchHit[] }>(`/api/registry/search?q=${encodeURIComponent(search.value)}`);
      replaceChildren(remote, h('p', { class: 'muted' }, `registry ${found.location}: ${found.packs.length} pack(s)`),
        h('table', { id: 'registry-table' }, h('tr', {}, ['kind', 'name', 'plugin', 'latest', 'versions', 'fingerprint', fingerprint ? 'fits the model' : '', ''].map((t) => h('th', {}, t))),
          found.packs.map((p) => {
            const versions = h('select', {}, h('option', { value: p.latest }, `${p.latest} (latest)`));
            const load = async () => {
              const all = await getJson<{ version: string; yanked?: boolean; deprecated?: string }[]>(`/api/registry/versions?name=${encodeURIComponent(p.name)}`);
              replaceChildren(versions, all.map((v) => h('option', { value: v.version, selected: v.version === p.latest }, `${v.version}${v.yanked ? ' (yanked)' : ''}${v.deprecated ? ' (deprecated)' : ''}`)));
            };
            return h('tr', {}, h('td', {}, p.kind), h('td', { title: p.description }, p.name, p.deprecated ? ' (deprecated)' : ''), h('td', {}, p.plugin), h('td', {}, p.latest),
              h('td', {}, versions, ' ', h('button', { type: 'button', onclick: load }, `${p.versions} versions`)),
              h('td', { title: p.fingerprint }, p.fingerprint.replace(/^sha256:/, '').slice(0, 12)), h('td', {}, fingerprint ? (fits(p) ? '✓' : '–') : ''),
              h('td', {}, h('button', { type: 'button', onclick: async () => {
                try {
                  const pulled = await postJson<{ name: string; version: string; added: boolean }>('/api/registry/pull', { kind: p.kind, spec: `${p.name}@${versions.value}` });
                  status.textContent = `${pulled.added ? 'pulled' : 'already in the store:'} ${pulled.name}@${pulled.version}`;
                  packs.splice(0, packs.length, ...(await getJson<PackEntry[]>('/api/packs')));
                  drawLocal();
                } catch (error) {
                  status.textContent = (error as Error).message;
                }
              } }, 'Pull')));
          })));
    } catch (error) {
      replaceChildren(remote, h('p', { class: 'muted' }, (error as Error).message));
    }
  };

  const modelPick = h('select', { name: 'match-model', onchange: async (e) => {
    const id = (e.target as HTMLSelectElement).value;
    fingerprint = id ? ((await getJson<{ encoder: string | null }>(`${modelPath(id)}/fingerprint`)).encoder ?? undefined) : undefined;
    drawLocal();
    void runSearch();
  } }, h('option', { value: '' }, 'no model'), models.map((m) => h('option', { value: m.id }, `${m.name} (${m.plugin})`)));
  search.addEventListener('input', drawLocal);
  search.addEventListener('change', () => void runSearch());

  replaceChildren(main, h('h1', {}, 'Packs'),
    h('div', { class: 'card' }, h('div', { class: 'row' }, h('label', {}, h('span', { class: 'key' }, 'search'), search), h('label', {}, h('span', { class: 'key' }, 'match with model'), modelPick)), status),
    h('div', { class: 'card' }, h('h2', {}, 'Local store'), local), h('div', { class: 'card' }, h('h2', {}, 'Lineage'), graph),
    h('div', { class: 'card' }, h('h2', {}, 'Registry'), remote));
  drawLocal();
  await runSearch();
}
