/** The models in the served folders: plugin, iterations, last loss per side, EG/s, last save, running or not. */
import { getJson, type ModelSummary } from './api.js';
import { formatDate, formatLoss, h, replaceChildren } from './dom.js';

export async function renderModelsPage(main: HTMLElement): Promise<void> {
  const models = await getJson<ModelSummary[]>('/api/models');
  replaceChildren(main,
    h('h1', {}, 'Models'),
    h('div', { class: 'card' }, models.length === 0 ? h('p', { class: 'muted' }, 'No models in the served folders yet: start one under New model.') :
      h('table', { id: 'models-table' },
        h('tr', {}, h('th', {}, 'model'), h('th', {}, 'plugin'), h('th', { class: 'num' }, 'iterations'), h('th', { class: 'num' }, 'loss A'),
          h('th', { class: 'num' }, 'loss B'), h('th', { class: 'num' }, 'EG/s'), h('th', {}, 'last save'), h('th', {}, 'status')),
        models.map((m) => h('tr', {},
          h('td', {}, h('a', { href: `#/model/${m.id}` }, m.name)),
          h('td', {}, m.plugin),
          h('td', { class: 'num' }, m.iterations.toLocaleString()),
          h('td', { class: 'num loss-a' }, formatLoss(m.lastLoss?.a)),
          h('td', { class: 'num loss-b' }, formatLoss(m.lastLoss?.b)),
          h('td', { class: 'num' }, m.egPerSec === undefined ? '–' : m.egPerSec.toFixed(1)),
          h('td', {}, formatDate(m.lastSave)),
          h('td', {}, m.running ? h('span', { class: 'badge running' }, `${m.running.command} (pid ${m.running.pid})`) : h('span', { class: 'badge' }, 'idle')))))));
}
