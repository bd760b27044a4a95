/** Convert jobs: pick a model and a video or image folder, follow each job's progress, compare a frame before and after. */
import { getJson, postJson, type Info, type ModelSummary } from './api.js';
import { h, replaceChildren } from './dom.js';

export interface ConvertJob {
  id: number;
  model: string;
  input: string;
  output: string;
  mediaRoot: number;
  done: number;
  total?: number;
  state: 'running' | 'finished' | 'failed' | 'stopped';
  log: string[];
}

interface MediaInput {
  root: number;
  path: string;
  kind: 'video' | 'images';
}

export interface ConvertPage {
  onJob(id: number): void;
}

export async function renderConvertPage(main: HTMLElement, info: Info): Promise<ConvertPage> {
  const [models, inputs] = await Promise.all([getJson<ModelSummary[]>('/api/models'), getJson<MediaInput[]>('/api/media')]);
  const modelPick = h('select', { name: 'model' }, models.filter((m) => m.iterations > 0).map((m) => h('option', { value: m.id }, `${m.name} (${m.plugin}, ${m.iterations.toLocaleString()} it.)`)));
  const inputPick = h('select', { name: 'input' }, inputs.map((input, i) => h('option', { value: String(i) }, `${info.media[input.root]}/${input.path} (${input.kind})`)));
  const status = h('p', { class: 'error' });
  const jobsBox = h('div', {});
  const compare = h('div', { class: 'row', id: 'before-after' });
  let shown: number | undefined;

  const drawCompare = async (job: ConvertJob) => {
    const { latest } = await getJson<{ latest: string | null }>(`/api/convert/${job.id}/frames`);
    if (!latest) return replaceChildren(compare, h('p', { class: 'muted' }, 'no frame written yet'));
    const stamp = `${job.done}-${job.state}`;
    const after = `/api/files/media/${job.mediaRoot}/${job.output.split('/').map(encodeURIComponent).join('/')}/${encodeURIComponent(latest)}?v=${stamp}`;
    replaceChildren(compare,
      h('figure', {}, h('img', { class: 'preview', src: `/api/convert/${job.id}/before?name=${encodeURIComponent(latest)}`, alt: 'before', style: 'max-width:560px' }), h('figcaption', {}, `before: ${latest}`)),
      h('figure', {}, h('img', { class: 'preview', id: 'after-frame', src: after, alt: 'after', style: 'max-width:560px' }), h('figcaption', {}, `after: ${job.model}`)));
  };
  const refresh = async () => {
    const jobs = await getJson<ConvertJob[]>('/api/convert');
    replaceChildren(jobsBox, jobs.length === 0 ? h('p', { class: 'muted' }, 'no convert jobs yet') : h('table', { id: 'convert-jobs' },
      h('tr', {}, ['#', 'model', 'input', 'output', 'progress', 'state', ''].map((t) => h('th', {}, t))),
      jobs.map((job) => h('tr', {}, h('td', {}, job.id), h('td', {}, job.model), h('td', {}, job.input), h('td', {}, job.output),
        h('td', {}, h('progress', { max: job.total ?? 1, value: job.total ? job.done : 0 }), ` ${job.done}${job.total ? `/${job.total}` : ''} frames`),
        h('td', { title: job.log.slice(-5).join('\n') }, job.state),
        h('td', {}, h('button', { type: 'button', onclick: () => {
          shown = job.id;
          void drawCompare(job);
        } }, 'before/after'), job.state === 'running' ? h('button', { type: 'button', onclick: () => void postJson(`/api/convert/${job.id}/stop`, {}) }, 'Stop') : null)))));
    const current = jobs.find((j) => j.id === shown);
    if (current) await drawCompare(current);
  };
  const start = h('button', { type: 'button', class: 'primary', id: 'start-convert', disabled: !info.canTrain || inputs.length === 0 || models.length === 0, onclick: async () => {
    status.textContent = '';
    try {
      const input = inputs[Number(inputPick.value)]!;
      const job = await postJson<ConvertJob>('/api/convert', { model: modelPick.value, input: { root: input.root, path: input.path } });
      shown = job.id;
      await refresh();
    } catch (error) {
      status.textContent = (error as Error).message;
    }
  } }, 'Convert');
  replaceChildren(main, h('h1', {}, 'Convert'),
    h('div', { class: 'card' }, inputs.length === 0 ? h('p', { class: 'muted' }, 'nothing to convert: start the dashboard with --media DIR (videos or folders of images)') : null,
      h('div', { class: 'row' }, h('label', {}, h('span', { class: 'key' }, 'model'), modelPick), h('label', {}, h('span', { class: 'key' }, 'input'), inputPick), start), status),
    h('div', { class: 'card' }, h('h2', {}, 'Jobs'), jobsBox), h('div', { class: 'card' }, h('h2', {}, 'Before / after'), compare));
  await refresh();
  let pending: Promise<void> | undefined;
  return {
    onJob() {
      pending ??= refresh().finally(() => (pending = undefined));
    },
  };
}
