/** Browse the extracted faces folders given with --faces. */
import { getJson, type FaceFolder, type Info } from './api.js';
import { h, replaceChildren } from './dom.js';

export async function renderFacesPage(main: HTMLElement, info: Info): Promise<void> {
  const folders = await getJson<FaceFolder[]>('/api/faces');
  const grid = h('div', { class: 'faces' });
  const show = async (folder: FaceFolder) => {
    const images = await getJson<string[]>(`/api/faces/images?root=${folder.root}&path=${encodeURIComponent(folder.path)}`);
    const base = `/api/files/faces/${folder.root}/${folder.path ? `${folder.path.split('/').map(encodeURIComponent).join('/')}/` : ''}`;
    replaceChildren(grid, images.slice(0, 300).map((name) => h('figure', {}, h('img', { src: base + encodeURIComponent(name), alt: name, width: 96, height: 96, loading: 'lazy' }), h('figcaption', {}, name))));
  };
  replaceChildren(main, h('h1', {}, 'Faces'),
    h('div', { class: 'card' }, folders.length === 0 ? h('p', { class: 'muted' }, 'no faces folders: start the dashboard with --faces DIR') :
      h('select', { onchange: (e) => void show(folders[Number((e.target as HTMLSelectElement).value)]!) },
        h('option', { value: '' }, 'choose a folder…'), folders.map((f, i) => h('option', { value: String(i) }, `${info.faces[f.root]}${f.path ? `/${f.path}` : ''} (${f.images})`))),
    grid));
}
