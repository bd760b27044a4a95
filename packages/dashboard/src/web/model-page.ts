/**
 * One model: live loss graph, latest preview (refreshed at each save), the previews as a strip,
 * the session table of `analyze`, restore points and snapshots, and the training controls.
 */
import { getJson, modelPath, postJson, type DashboardEvent, type Info, type ModelDetail } from './api.js';
import { formatDate, formatElapsed, formatLoss, h, replaceChildren } from './dom.js';
import { LossChart } from './loss-chart.js';
import { renderTrainForm } from './train-form.js';

const STRIP_LENGTH = 12;

export interface ModelPage {
  onEvent(event: DashboardEvent): void;
}

export async function renderModelPage(main: HTMLElement, id: string, info: Info): Promise<ModelPage> {
  const chart = new LossChart();
  const header = h('div', {});
  const preview = h('img', { class: 'preview', id: 'latest-preview', alt: 'latest preview' });
  const previewBox = h('div', {});
  const strip = h('div', { class: 'strip', id: 'timelapse' });
  const sessions = h('div', {});
  const points = h('div', {});
  const extra = h('div', {});
  const controls = h('div', {});
  const log = h('pre', { class: 'log', id: 'train-log' });
  const formBox = h('div', {});
  const formCard = h('div', { class: 'card', hidden: true }, h('h2', {}, 'Resume training'), formBox);
  let detail: ModelDetail | undefined;
  let formShown = false;

  const fileUrl = (name: string, version: string | number) => `${modelPath(id)}/files/previews/${encodeURIComponent(name)}?v=${version}`;

  const refresh = async () => {
    detail = await getJson<ModelDetail>(modelPath(id));
    const d = detail;
    const running = d.run?.running ?? d.running !== undefined;
    replaceChildren(header,
      h('h1', {}, d.name, ' ', h('span', { class: running ? 'badge running' : 'badge', id: 'run-status' }, running ? 'training' : 'idle')),
      h('p', { class: 'muted' }, `${d.plugin} · ${d.inputSize} → ${d.outputSize} px · ${d.iterations.toLocaleString()} iterations · loss `,
        h('span', { class: 'loss-a' }, `A ${formatLoss(d.lastLoss?.a)}`), ' ', h('span', { class: 'loss-b' }, `B ${formatLoss(d.lastLoss?.b)}`),
        d.egPerSec !== undefined ? ` · ${d.egPerSec.toFixed(1)} EG/s` : '', ` · last save ${formatDate(d.lastSave)}`));
    chart.set(d.lossHistory, d.sessionRows.slice(1).map((s) => s.startIteration), running);
    if (d.hasLatestPreview) {
      preview.src = fileUrl('latest.png', d.lastSave);
      replaceChildren(previewBox, preview, h('p', { class: 'muted' }, 'columns: A | A>A | A>B | B | B>B | B>A'));
    } else replaceChildren(previewBox, h('p', { class: 'muted' }, 'no preview yet: one is written at each save'));
    const shown = d.previews.slice(-STRIP_LENGTH);
    replaceChildren(strip, shown.length ? shown.map((p) => h('figure', {}, h('img', { src: fileUrl(p.file, p.iteration), alt: p.file, loading: 'lazy' }), h('figcaption', {}, p.iteration.toLocaleString())))
      : h('span', { class: 'muted' }, 'the strip fills with one preview per save'));
    replaceChildren(sessions, h('table', { id: 'sessions-table' },
      h('tr', {}, ['#', 'start', 'end', 'elapsed', 'batch', 'iterations', 'EG/s', 'backend'].map((t, i) => h('th', { class: i >= 3 && i <= 6 ? 'num' : '' }, t))),
      d.sessionRows.map((s) => h('tr', {}, h('td', {}, s.id), h('td', {}, formatDate(s.start)), h('td', {}, formatDate(s.end)),
        h('td', { class: 'num' }, formatElapsed(s.elapsedSeconds)), h('td', { class: 'num' }, s.batchSize), h('td', { class: 'num' }, s.iterations.toLocaleString()),
        h('td', { class: 'num' }, s.egPerSec.toFixed(1)), h('td', {}, s.backend)))));
    replaceChildren(points,
      d.restorePoints.length === 0 ? h('p', { class: 'muted' }, 'no restore points yet (the loss backup is written at the first new low)') :
        h('table', { id: 'restore-points' }, h('tr', {}, h('th', {}, 'restore point'), h('th', { class: 'num' }, 'iteration'), h('th', {}, 'why'), h('th', {}, 'date'), h('th', {}, '')),
          d.restorePoints.map((p) => h('tr', {}, h('td', {}, p.id), h('td', { class: 'num' }, p.iteration.toLocaleString()), h('td', {}, p.reason), h('td', {}, formatDate(p.date)),
            h('td', {}, h('button', { type: 'button', disabled: running, onclick: () => restore({ to: p.id }, p.iteration) }, 'Restore'))))),
      d.snapshots.length === 0 ? null : h('table', { id: 'snapshots' }, h('tr', {}, h('th', {}, 'snapshot'), h('th', { class: 'num' }, 'iteration'), h('th', {}, '')),
        d.snapshots.map((snap) => h('tr', {}, h('td', {}, snap.name), h('td', { class: 'num' }, snap.iteration.toLocaleString()),
          h('td', {}, h('button', { type: 'button', disabled: running, onclick: () => restore({ snapshot: snap.name }, snap.iteration) }, 'Restore'))))));
    replaceChildren(extra, Object.keys(d.extra).length === 0 ? null : h('div', { class: 'card' }, h('h2', {}, 'More figures in state.json'),
      h('pre', {}, JSON.stringify(d.extra, null, 1).slice(0, 4000))));
    replaceChildren(controls,
      running && d.run?.running ? h('button', { type: 'button', id: 'save-now', onclick: () => void postJson(`${modelPath(id)}/save`, {}) }, 'Save now') : null,
      ' ',
      running && d.run?.running ? h('button', { class: 'danger', type: 'button', id: 'stop-training', onclick: stop }, 'Stop (save and exit)') : null,
      running && !d.run?.running ? h('p', { class: 'muted' }, `trained by ${d.running?.command} (pid ${d.running?.pid}) elsewhere: followed by watching its folder`) : null,
      !running && !formShown ? h('button', { type: 'button', class: 'primary', onclick: showForm }, 'Resume training…') : null);
    log.textContent = (d.run?.log ?? []).join('\n');
    log.hidden = log.textContent === '';
  };

  const stop = async () => {
    await postJson(`${modelPath(id)}/stop`, {});
    const button = document.getElementById('stop-training') as HTMLButtonElement | null;
    if (button) {
      button.disabled = true;
      button.textContent = 'Stopping: finishing the step and saving…';
    }
  };
  const restore = async (point: { to: string } | { snapshot: string }, iteration: number) => {
    const name = 'to' in point ? point.to : point.snapshot;
    if (!confirm(`Roll ${id} back to ${name} (iteration ${iteration})? The current files are archived first.`)) return;
    try {
      await postJson(`${modelPath(id)}/restore`, point);
    } catch (error) {
      alert((error as Error).message);
    }
    await refresh();
  };
  const showForm = async () => {
    formShown = true;
    formCard.hidden = false;
    await renderTrainForm(formBox, { model: { id, plugin: detail!.plugin }, info, onStarted: () => void refresh() });
    await refresh();
  };

  replaceChildren(main, header,
    h('div', { class: 'grid' },
      h('div', {}, h('div', { class: 'card' }, h('h2', {}, 'Loss (log scale, EMA)'), chart.canvas), h('div', { class: 'card' }, h('h2', {}, 'Sessions'), sessions)),
      h('div', {}, h('div', { class: 'card' }, h('h2', {}, 'Latest preview'), previewBox), h('div', { class: 'card' }, h('h2', {}, 'Training'), controls, log))),
    h('div', { class: 'card' }, h('h2', {}, 'Timelapse (one preview per save)'), strip),
    h('div', { class: 'card' }, h('h2', {}, 'Restore points and snapshots'), points),
    extra,
    formCard);
  await refresh();

  let refreshing: Promise<void> | undefined;
  const refreshSoon = () => {
    refreshing ??= refresh().finally(() => (refreshing = undefined));
  };
  return {
    onEvent(event) {
      if (!('model' in event) || event.model !== id) return;
      if (event.type === 'step') chart.add({ iteration: event.iteration, a: event.lossA, b: event.lossB });
      else if (event.type === 'log') {
        log.textContent += `${log.textContent ? '\n' : ''}${event.line}`;
        log.hidden = false;
        log.scrollTop = log.scrollHeight;
      } else refreshSoon();
    },
  };
}
