/** The local pack store: every encoder and decoder pack with its plugin, fingerprint and lineage. */
import { getJson, type PackEntry } from './api.js';
import { h, replaceChildren } from './dom.js';

export async function renderPacksPage(main: HTMLElement): Promise<void> {
  const packs = await getJson<PackEntry[]>('/api/packs');
  const search = h('input', { type: 'text', placeholder: 'search name, plugin, keyword', oninput: () => draw() });
  const table = h('div', {});
  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const shown = packs.filter((p) => !q || JSON.stringify([p.name, p.plugin, p.manifest.keywords ?? []]).toLowerCase().includes(q));
    replaceChildren(table, shown.length === 0 ? h('p', { class: 'muted' }, 'no packs (make one with `faceforge encoder pack`)') :
      h('table', { id: 'packs-table' }, h('tr', {}, ['kind', 'name', 'version', 'plugin', 'fingerprint', 'lineage'].map((t) => h('th', {}, t))),
        shown.map((p) => h('tr', {}, h('td', {}, p.kind), h('td', {}, p.name), h('td', {}, p.version), h('td', {}, p.plugin),
          h('td', {}, String((p.manifest.fingerprint as string | undefined) ?? '').slice(0, 16)),
          h('td', {}, ((p.manifest.lineage as unknown[] | undefined) ?? []).length + ' entries')))));
  };
  draw();
  replaceChildren(main, h('h1', {}, 'Packs'), h('div', { class: 'card' }, search, table));
}
