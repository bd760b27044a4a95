/**
 * The start-training form, generated from the config schema the server sends: one collapsible
 * part per section, one input per option (range, choices, help text from the schema), presets per
 * section. Only options whose value differs from what the model would use anyway are sent, and the
 * server writes only those into the model's train.ini.
 */
import { getJson, modelPath, postJson, type ConfigValues, type FaceFolder, type Info, type OptionInfo, type PackEntry, type TrainForm } from './api.js';
import { h, replaceChildren } from './dom.js';

export interface FormTarget {
  /** An existing model (resume), or undefined to create one. */
  model?: { id: string; plugin: string };
  info: Info;
  /** New model: the encoder pack (NAME@VERSION) and plugin to start with (from the Packs page). */
  encoder?: string;
  trainer?: string;
  onStarted(modelId: string): void;
}

const faceLabel = (f: FaceFolder, info: Info) => `${info.faces[f.root]}${f.path ? `/${f.path}` : ''} (${f.images})`;

function optionInput(info: OptionInfo, value: unknown, disabled: boolean, onChange: (value: unknown) => void): HTMLElement {
  if (info.choices) {
    return h('select', { name: info.key, disabled, onchange: (e) => onChange((e.target as HTMLSelectElement).value) },
      info.choices.map((c) => h('option', { value: c, selected: c === value }, c)));
  }
  if (info.type === 'boolean') {
    return h('input', { type: 'checkbox', name: info.key, checked: value === true, disabled, onchange: (e) => onChange((e.target as HTMLInputElement).checked) });
  }
  return h('input', {
    type: 'number', name: info.key, value: String(value), min: info.minimum, max: info.maximum, disabled,
    step: info.type === 'integer' ? 1 : 'any',
    onchange: (e) => onChange(Number((e.target as HTMLInputElement).value)),
  });
}

/** The config sections of the form; returns a function giving the changed keys. */
function configSections(container: HTMLElement, form: TrainForm): () => ConfigValues {
  const values: ConfigValues = {};
  for (const section of form.sections) values[section.id] = { ...form.base[section.id], ...form.changed[section.id] };
  const changed = (): ConfigValues => {
    const out: ConfigValues = {};
    for (const [id, keys] of Object.entries(values)) {
      for (const [key, value] of Object.entries(keys)) if (form.base[id]?.[key] !== value) (out[id] ??= {})[key] = value;
    }
    return out;
  };
  const draw = () => {
    replaceChildren(container, form.sections.map((section) => {
      const presets = form.presets.filter((p) => p.section === section.id);
      const count = Object.keys(changed()[section.id] ?? {}).length;
      const presetPicker = presets.length === 0 ? null : h('select', {
        onchange: (e) => {
          const preset = presets.find((p) => p.name === (e.target as HTMLSelectElement).value);
          if (!preset) return;
          Object.assign(values[section.id]!, preset.values);
          draw();
        },
      }, h('option', { value: '' }, 'apply a preset…'), presets.map((p) => h('option', { value: p.name, title: p.description }, `${p.name}: ${p.description}`)));
      return h('details', { class: 'section', 'data-section': section.id, open: count > 0 },
        h('summary', {}, `[${section.id}] `, h('span', { class: 'muted' }, section.help), count ? h('span', { class: 'badge' }, `${count} changed`) : null),
        presetPicker,
        section.options.map((option, index) => {
          const group = option.group && option.group !== section.options[index - 1]?.group ? h('h3', { class: 'group' }, option.group) : null;
          const value = values[section.id]![option.key];
          const locked = option.fixed && form.fixedLocked;
          const isChanged = form.base[section.id]?.[option.key] !== value;
          return h('div', {}, group,
            h('label', { class: isChanged ? 'changed' : '' },
              h('span', { class: 'key' }, option.key),
              optionInput(option, value, locked, (v) => {
                values[section.id]![option.key] = v;
                draw();
              }),
              option.minimum !== undefined ? h('span', { class: 'muted' }, ` ${option.minimum} – ${option.maximum}`) : null,
              locked ? h('span', { class: 'muted' }, ' fixed when the model was created') : null),
            h('div', { class: 'help' }, option.help));
        }));
    }));
  };
  draw();
  return changed;
}

export async function renderTrainForm(container: HTMLElement, target: FormTarget): Promise<void> {
  const [faces, packs] = await Promise.all([getJson<FaceFolder[]>('/api/faces'), getJson<PackEntry[]>('/api/packs')]);
  const { info } = target;
  const status = h('div', { class: 'error', id: 'form-status' });
  const sectionsBox = h('div', {});
  let currentChanged: () => ConfigValues = () => ({});
  let trainer = target.model?.plugin ?? (target.trainer && info.trainers.includes(target.trainer) ? target.trainer : undefined) ?? (info.trainers.includes('original') ? 'original' : info.trainers[0] ?? '');

  const loadSchema = async () => {
    const query = target.model ? `model=${encodeURIComponent(target.model.id)}` : `trainer=${encodeURIComponent(trainer)}`;
    const form = await getJson<TrainForm>(`/api/form?${query}`);
    currentChanged = configSections(sectionsBox, form);
  };

  const faceSelect = (name: string, pick: number) => h('select', { name },
    faces.map((f, i) => h('option', { value: String(i), selected: i === pick }, faceLabel(f, info))));
  const inputA = faceSelect('inputA', 0);
  const inputB = faceSelect('inputB', Math.min(1, faces.length - 1));
  const number = (name: string, value: number, min: number) => h('input', { type: 'number', name, value: String(value), min, step: 1 });
  const batch = number('batchSize', 16, 1);
  const iterations = number('iterations', 100000, 1);
  const saveInterval = number('saveInterval', 250, 1);
  const field = (label: string, input: HTMLElement) => h('label', {}, h('span', { class: 'key' }, label), input);

  let newModel: { root: HTMLSelectElement; name: HTMLInputElement; trainer: HTMLSelectElement; encoder: HTMLSelectElement } | undefined;
  if (!target.model) {
    const encoders = packs.filter((p) => p.kind === 'encoder');
    newModel = {
      root: h('select', { name: 'root' }, info.models.map((m, i) => h('option', { value: String(i) }, m))),
      name: h('input', { type: 'text', name: 'name', placeholder: 'alice_bob', required: true }),
      trainer: h('select', { name: 'trainer', onchange: (e) => {
        trainer = (e.target as HTMLSelectElement).value;
        void loadSchema();
      } }, info.trainers.map((t) => h('option', { value: t, selected: t === trainer }, t))),
      encoder: h('select', { name: 'encoder' }, h('option', { value: '' }, 'fresh weights'),
        encoders.map((p) => h('option', { value: `${p.name}@${p.version}`, selected: target.encoder === `${p.name}@${p.version}` }, `${p.name}@${p.version} (${p.plugin})`))),
    };
  }

  const payload = () => {
    const face = (select: HTMLSelectElement) => {
      const f = faces[Number(select.value)];
      return f && { root: f.root, path: f.path };
    };
    const [root, name] = target.model ? target.model.id.split('/') : [newModel!.root.value, newModel!.name.value.trim()];
    return {
      root, name, trainer, inputA: face(inputA), inputB: face(inputB), batchSize: Number(batch.value), iterations: Number(iterations.value),
      saveInterval: Number(saveInterval.value), changed: currentChanged(), encoder: newModel?.encoder.value || undefined,
    };
  };
  const start = h('button', { class: 'primary', type: 'button', id: 'start-training', disabled: !info.canTrain, onclick: async () => {
    status.textContent = '';
    try {
      const body = payload();
      if (!body.name) throw new Error('give the new model a folder name');
      const { model } = await postJson<{ model: string }>('/api/train', body);
      target.onStarted(model);
    } catch (error) {
      status.textContent = (error as Error).message;
    }
  } }, target.model ? 'Resume training' : 'Start training');
  const save = target.model ? h('button', { type: 'button', onclick: async () => {
    try {
      const { file } = await postJson<{ file: string | null }>(`${modelPath(target.model!.id)}/config`, { changed: currentChanged() });
      status.textContent = file ? `wrote ${file}` : 'no changes: train.ini removed';
    } catch (error) {
      status.textContent = (error as Error).message;
    }
  } }, 'Save settings to train.ini') : null;

  replaceChildren(container,
    newModel && h('div', { class: 'row' }, field('models folder', newModel.root), field('name', newModel.name), field('model plugin', newModel.trainer), field('encoder', newModel.encoder)),
    faces.length === 0 ? h('p', { class: 'error' }, 'no faces folders: start the dashboard with --faces DIR') : null,
    h('div', { class: 'row' }, field('faces A', inputA), field('faces B', inputB), field('batch size', batch), field('iterations', iterations), field('save every', saveInterval)),
    h('h2', {}, 'Settings'),
    h('p', { class: 'muted' }, 'Only the options you change are written to the model\'s train.ini; the others keep the model\'s own settings.'),
    sectionsBox,
    h('div', { class: 'row' }, start, save),
    status);
  await loadSchema();
}
