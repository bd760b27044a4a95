/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core): open it, start a
 * tiny training from the form, watch the loss graph gain points and a preview appear, stop it, and
 * find the session in the table. Screenshots are kept in test-artifacts/dashboard/. Without a
 * browser the test skips, saying why; under CI (`CI` set) that is a failure, since .ci/run installs one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { TEST_ROOT, TINY_PLUGIN_DIR, runFaceforge, sampleFaces, tempDir } from './support.js';

/** FACEFORGE_CHROMIUM, when set, is the only browser tried. */
const CHROMIUM_CANDIDATES = process.env.FACEFORGE_CHROMIUM ? [process.env.FACEFORGE_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
export const ARTIFACTS_DIR = join(TEST_ROOT, '..', 'test-artifacts', 'dashboard');

async function findChromium(): Promise<string | undefined> {
  for (const path of CHROMIUM_CANDIDATES) if (await access(path).then(() => true, () => false)) return path;
  return undefined;
}

/** Starts `faceforge dashboard` and resolves with the address it prints. */
function startDashboardProcess(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const bin = join(TEST_ROOT, '..', 'packages', 'cli', 'bin', 'run.js');
  const child = spawn(process.execPath, [bin, 'dashboard', '--port', '0', ...args], { env: { ...process.env, CI: '1', FACEFORGE_BACKEND: 'wasm', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the dashboard printed no address in 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`the dashboard exited (${code}):\n${output}`)));
  });
}

test('dashboard in Chromium: start a tiny training from the form, see loss points, save to get a preview, stop it, see the session', { timeout: 240_000 }, async (t) => {
  const executablePath = await findChromium();
  if (!executablePath) {
    const reason = `no Chromium found (looked at ${CHROMIUM_CANDIDATES.join(', ')}): install it with \`apt-get install chromium\` or set FACEFORGE_CHROMIUM`;
    if (process.env.CI) assert.fail(`CI must run the browser test: ${reason}`);
    t.skip(reason);
    return;
  }
  const home = await tempDir('ff-dash-browser-');
  const env = { FACEFORGE_HOME: join(home, 'home') };
  const linked = await runFaceforge(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install'], env);
  assert.equal(linked.code, 0, linked.stderr);
  const faces = await sampleFaces();
  const models = join(home, 'models');
  await mkdir(models);
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  t.diagnostic(`screenshots: ${ARTIFACTS_DIR}`);

  const dashboard = await startDashboardProcess(['--models', models, '--faces', dirname(faces.a)], env);
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  t.after(async () => {
    await browser.close();
    const exited = new Promise((done) => dashboard.child.once('exit', done));
    dashboard.child.kill('SIGINT');
    await exited;
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(dashboard.url);
  assert.equal(new URL(page.url()).search, '', 'the token is traded for a cookie and leaves the address bar');
  await page.getByRole('heading', { name: 'Models' }).waitFor();
  await page.locator('#connection.live').waitFor();

  // New model: the tiny plugin, one option changed in the generated form.
  await page.getByRole('link', { name: 'New model' }).click();
  await page.locator('select[name=trainer]').selectOption('tiny');
  await page.locator('details[data-section="model.tiny"]').waitFor();
  await page.locator('input[name=name]').fill('tiny_run');
  const folderOption = (side: 'a' | 'b') => page.locator('select[name=inputA] option', { hasText: `/${side} (` }).first().getAttribute('value');
  await page.locator('select[name=inputA]').selectOption((await folderOption('a'))!);
  await page.locator('select[name=inputB]').selectOption((await folderOption('b'))!);
  await page.locator('input[name=batchSize]').fill('4');
  await page.locator('input[name=iterations]').fill('100000');
  await page.locator('input[name=saveInterval]').fill('100000');
  await page.locator('details[data-section="model.tiny"] summary').click();
  await page.locator('details[data-section="model.tiny"] input[name=latent]').fill('32');
  await page.locator('details[data-section="model.tiny"] input[name=latent]').dispatchEvent('change');
  await page.locator('#start-training').click();

  // The model page: the graph gains points from the trainer's hooks, a preview appears.
  await page.waitForURL(/#\/model\/0\/tiny_run$/);
  // Functions, not strings: the page's CSP forbids eval. Their DOM is reached through globalThis,
  // since this file is compiled without the DOM's types (they run in the page, serialised).
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as { document: { querySelector(s: string): { dataset: Record<string, string> } | null } };
    return Number(document.querySelector('canvas.loss-chart')?.dataset.points) >= 20;
  }, undefined, { timeout: 120_000 });
  // No interval save comes this early: the preview appears because Save now saves at the next step.
  assert.equal(await page.locator('#latest-preview').count(), 0);
  await page.locator('#save-now').click();
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as { document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null } };
    const img = document.querySelector('#latest-preview');
    return img !== null && img.complete && img.naturalWidth > 0;
  }, undefined, { timeout: 60_000 });
  await page.locator('#timelapse img').first().waitFor();
  const pointsWhileTraining = Number(await page.locator('canvas.loss-chart').getAttribute('data-points'));
  await page.screenshot({ path: join(ARTIFACTS_DIR, '1-training.png'), fullPage: true });

  // Stop = Ctrl-C: the run saves and exits; its session lands in the table.
  await page.locator('#stop-training').click();
  await page.locator('#run-status', { hasText: 'idle' }).waitFor({ timeout: 60_000 });
  await page.locator('#sessions-table tr:nth-child(2)').waitFor();
  await page.screenshot({ path: join(ARTIFACTS_DIR, '2-stopped.png'), fullPage: true });

  const state = JSON.parse(await readFile(join(models, 'tiny_run', 'state.json'), 'utf8')) as { model: string; iterations: number; sessions: { iterations: number; batchSize: number }[]; config: Record<string, Record<string, unknown>> };
  assert.equal(state.model, 'tiny');
  assert.ok(state.iterations >= pointsWhileTraining && state.iterations < 100000, `stopped early, after ${state.iterations} iterations`);
  assert.equal(state.sessions.length, 1);
  assert.equal(state.sessions[0]!.batchSize, 4);
  assert.equal(state.config['model.tiny']!.latent, 32, 'the changed option reached the trainer through train.ini');
  const ini = await readFile(join(models, 'tiny_run', 'train.ini'), 'utf8');
  assert.deepEqual(ini.split('\n').filter((l) => /^\w+ = /.test(l)), ['latent = 32'], 'train.ini holds only the changed key');
  const row = await page.locator('#sessions-table tr:nth-child(2) td').allTextContents();
  assert.equal(row[0], '1');
  assert.equal(row[5], state.iterations.toLocaleString('en-US'));
  await page.getByRole('link', { name: 'Models' }).click();
  await page.locator('#models-table', { hasText: 'tiny_run' }).waitFor();
  assert.match((await page.locator('#models-table').textContent())!, new RegExp(`tiny_run\\s*tiny\\s*${state.iterations.toLocaleString('en-US')}`));
  await page.screenshot({ path: join(ARTIFACTS_DIR, '3-models.png'), fullPage: true });

  // The other pages open without errors: faces with their measures, packs, convert.
  await page.getByRole('link', { name: 'Faces' }).click();
  await page.locator('select[name=folder]').selectOption({ index: 1 });
  await page.locator('#faces-grid canvas').first().waitFor();
  await page.screenshot({ path: join(ARTIFACTS_DIR, '4-faces.png') });
  await page.getByRole('link', { name: 'Packs' }).click();
  await page.getByRole('heading', { name: 'Local store' }).waitFor();
  await page.getByRole('link', { name: 'Convert' }).click();
  await page.getByRole('heading', { name: 'Before / after' }).waitFor();
  assert.deepEqual(pageErrors, []);
});
