/**
 * Browse an extracted faces folder: each face with its landmarks and a chosen stored mask drawn
 * over it, sorted and filtered by the `sort` measures; tick bad faces and delete them (the server
 * drops them from the folder's alignments files too).
 */
import { getJson, postJson, type FaceFolder, type Info } from './api.js';
import { h, replaceChildren } from './dom.js';

interface FaceEntry {
  file: string;
  landmarks?: [number, number][];
  masks: string[];
  measures: Record<string, number | undefined>;
}

const MEASURES = ['sharpness', 'yaw', 'pitch', 'size', 'identity'] as const;
const TILE = 128;

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`cannot load ${src}`));
    img.src = src;
  });
}

/** The mask as a translucent red layer: white (inside) becomes red at 30 % opacity. */
function tintMask(mask: HTMLImageElement): HTMLCanvasElement {
  const layer = document.createElement('canvas');
  layer.width = TILE;
  layer.height = TILE;
  const g = layer.getContext('2d')!;
  g.drawImage(mask, 0, 0, TILE, TILE);
  const pixels = g.getImageData(0, 0, TILE, TILE);
  for (let i = 0; i < pixels.data.length; i += 4) {
    const inside = pixels.data[i]!;
    pixels.data[i] = 255;
    pixels.data[i + 1] = 40;
    pixels.data[i + 2] = 40;
    pixels.data[i + 3] = Math.round(inside * 0.3);
  }
  g.putImageData(pixels, 0, 0);
  return layer;
}

export async function renderFacesPage(main: HTMLElement, info: Info): Promise<void> {
  const folders = await getJson<FaceFolder[]>('/api/faces');
  const grid = h('div', { class: 'faces', id: 'faces-grid' });
  const status = h('p', { class: 'muted' });
  const sortBy = h('select', { name: 'sort' }, MEASURES.map((m) => h('option', { value: m }, m)));
  const order = h('select', { name: 'order' }, h('option', { value: 'asc' }, 'lowest first'), h('option', { value: 'desc' }, 'highest first'));
  const below = h('input', { type: 'number', name: 'below', step: 'any', placeholder: 'only below' });
  const above = h('input', { type: 'number', name: 'above', step: 'any', placeholder: 'only above' });
  const maskPick = h('select', { name: 'mask' }, h('option', { value: '' }, 'no mask'));
  const landmarks = h('input', { type: 'checkbox', name: 'landmarks', checked: true });
  const remove = h('button', { type: 'button', class: 'danger', disabled: true }, 'Delete selected');
  let folder: FaceFolder | undefined;
  let faces: FaceEntry[] = [];
  const selected = new Set<string>();

  const fileUrl = (file: string) => `/api/files/faces/${folder!.root}/${folder!.path ? `${folder!.path.split('/').map(encodeURIComponent).join('/')}/` : ''}${encodeURIComponent(file)}`;
  const maskUrl = (file: string, mask: string) => `/api/faces/mask?root=${folder!.root}&path=${encodeURIComponent(folder!.path)}&file=${encodeURIComponent(file)}&mask=${encodeURIComponent(mask)}`;

  const tile = (face: FaceEntry, frame: number): HTMLElement => {
    const canvas = h('canvas', { width: TILE, height: TILE });
    void (async () => {
      const g = canvas.getContext('2d')!;
      g.drawImage(await loadImage(fileUrl(face.file)), 0, 0, TILE, TILE);
      if (maskPick.value && face.masks.includes(maskPick.value)) g.drawImage(tintMask(await loadImage(maskUrl(face.file, maskPick.value))), 0, 0);
      if (landmarks.checked && face.landmarks) {
        g.fillStyle = '#35f06a';
        for (const [x, y] of face.landmarks) g.fillRect((x * TILE) / frame - 1, (y * TILE) / frame - 1, 2, 2);
      }
    })();
    const measure = face.measures[sortBy.value];
    const box = h('input', { type: 'checkbox', checked: selected.has(face.file), onchange: (e) => {
      if ((e.target as HTMLInputElement).checked) selected.add(face.file);
      else selected.delete(face.file);
      remove.disabled = selected.size === 0;
    } });
    return h('figure', {}, canvas, h('figcaption', {}, h('label', {}, box, ` ${face.file}`), h('div', { class: 'muted' }, `${sortBy.value} ${measure === undefined ? '–' : measure.toFixed(2)}`)));
  };

  let frame = 256;
  const draw = () => {
    const key = sortBy.value;
    const lo = above.value === '' ? -Infinity : Number(above.value);
    const hi = below.value === '' ? Infinity : Number(below.value);
    const shown = faces.filter((f) => {
      const v = f.measures[key];
      return v === undefined ? lo === -Infinity && hi === Infinity : v >= lo && v <= hi;
    }).sort((p, q) => ((p.measures[key] ?? Infinity) - (q.measures[key] ?? Infinity)) * (order.value === 'asc' ? 1 : -1));
    status.textContent = `${shown.length} of ${faces.length} faces`;
    replaceChildren(grid, shown.map((f) => tile(f, frame)));
  };
  const open = async (picked: FaceFolder) => {
    folder = picked;
    selected.clear();
    remove.disabled = true;
    status.textContent = 'measuring the faces…';
    replaceChildren(grid);
    const answer = await getJson<{ frame: number; faces: FaceEntry[] }>(`/api/faces/folder?root=${picked.root}&path=${encodeURIComponent(picked.path)}`);
    frame = answer.frame;
    faces = answer.faces;
    const masks = [...new Set(faces.flatMap((f) => f.masks))].sort();
    replaceChildren(maskPick, h('option', { value: '' }, 'no mask'), masks.map((m) => h('option', { value: m }, m)));
    draw();
  };
  remove.addEventListener('click', async () => {
    if (!folder || !confirm(`Delete ${selected.size} face file(s)? The alignments files are updated to match.`)) return;
    const result = await postJson<{ deleted: string[]; alignments: string[] }>('/api/faces/delete', { root: folder.root, path: folder.path, files: [...selected] });
    await open(folder);
    status.textContent += ` · deleted ${result.deleted.length}, updated ${result.alignments.join(', ') || 'no alignments file'}`;
  });
  for (const control of [sortBy, order, below, above, maskPick, landmarks]) control.addEventListener('change', draw);

  replaceChildren(main, h('h1', {}, 'Faces'),
    h('div', { class: 'card' }, folders.length === 0 ? h('p', { class: 'muted' }, 'no faces folders: start the dashboard with --faces DIR') : h('div', { class: 'row' },
      h('label', {}, h('span', { class: 'key' }, 'folder'), h('select', { name: 'folder', onchange: (e) => void open(folders[Number((e.target as HTMLSelectElement).value)]!) },
        h('option', { value: '' }, 'choose a folder…'), folders.map((f, i) => h('option', { value: String(i) }, `${info.faces[f.root]}${f.path ? `/${f.path}` : ''} (${f.images})`)))),
      h('label', {}, h('span', { class: 'key' }, 'sort by'), sortBy), h('label', {}, h('span', { class: 'key' }, 'order'), order),
      h('label', {}, h('span', { class: 'key' }, 'above'), above), h('label', {}, h('span', { class: 'key' }, 'below'), below),
      h('label', {}, h('span', { class: 'key' }, 'mask'), maskPick), h('label', {}, landmarks, ' landmarks'), remove),
    status, grid));
}
