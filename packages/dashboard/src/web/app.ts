/** The dashboard's page: a hash router over the pages and one Server-Sent Events stream feeding the open one. */
import { getJson, type DashboardEvent, type Info } from './api.js';
import { h, replaceChildren } from './dom.js';
import { renderConvertPage, type ConvertPage } from './convert-page.js';
import { renderFacesPage } from './faces-page.js';
import { renderModelPage, type ModelPage } from './model-page.js';
import { renderModelsPage } from './models-page.js';
import { renderPacksPage } from './packs-page.js';
import { renderTrainForm } from './train-form.js';

const main = document.getElementById('main')!;
const connection = document.getElementById('connection')!;
let info: Info;
let modelPage: ModelPage | undefined;
let convertPage: ConvertPage | undefined;
let route = '';

async function show(): Promise<void> {
  const [path, query] = (location.hash.replace(/^#/, '') || '/').split('?');
  route = path!;
  const params = new URLSearchParams(query ?? '');
  modelPage = undefined;
  convertPage = undefined;
  try {
    if (route === '/') await renderModelsPage(main);
    else if (route === '/new') {
      const box = h('div', { class: 'card' });
      replaceChildren(main, h('h1', {}, 'New model'), box);
      await renderTrainForm(box, { info, encoder: params.get('encoder') ?? undefined, trainer: params.get('trainer') ?? undefined, onStarted: (id) => (location.hash = `#/model/${id}`) });
    } else if (route.startsWith('/model/')) modelPage = await renderModelPage(main, decodeURIComponent(route.slice('/model/'.length)), info);
    else if (route === '/packs') await renderPacksPage(main);
    else if (route === '/faces') await renderFacesPage(main, info);
    else if (route === '/convert') convertPage = await renderConvertPage(main, info);
    else replaceChildren(main, h('p', {}, 'No such page.'));
  } catch (error) {
    replaceChildren(main, h('p', { class: 'error' }, (error as Error).message));
  }
}

function listen(): void {
  const events = new EventSource('/api/events');
  events.onopen = () => {
    connection.textContent = 'live';
    connection.className = 'connection live';
  };
  events.onerror = () => {
    connection.textContent = 'reconnecting…';
    connection.className = 'connection';
  };
  events.onmessage = (message) => {
    const event = JSON.parse(message.data as string) as DashboardEvent;
    if (event.type === 'convert') convertPage?.onJob(event.job);
    else if (modelPage) modelPage.onEvent(event);
    else if (route === '/' && (event.type === 'models' || event.type === 'model' || event.type === 'training')) void renderModelsPage(main);
  };
}

info = await getJson<Info>('/api/info');
window.addEventListener('hashchange', () => void show());
listen();
await show();
