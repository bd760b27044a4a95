// What refusing a gzip bomb costs: the growth of peak memory (max RSS over the RSS before the
// check) and the time until the refusal, each case in a fresh process so the peaks stand alone.
//
//   one-entry   a tar entry of 3 GiB of zeros (about 3 MB gzipped): over the 1 GiB per-file limit
//   many-entry  three entries of 1 GiB of zeros: each under the per-file limit, together over the
//               2 GiB total, so the check reads 2 GiB of zeros before it may refuse
//   server      many-entry published to a registry server (in this process) while GET /index.json
//               is asked every 20 ms: the longest wait for the index during the check
//
// Goal: under 300 MB of memory growth per refusal. `--root DIR` measures another checkout's built
// packages (the bombs are still made with this checkout's @faceforge/registry/testing).
//
//   npm run bench -- archive-bomb [--cases one-entry,many-entry,server] [--root /path/to/checkout]
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: 'one-entry,many-entry,server' },
    root: { type: 'string', default: join(here, '..') },
    /** Internal: run one case in this process. */
    case: { type: 'string' },
  },
});
const GIB = 1024 ** 3;
const MB = 1e6;
const root = resolve(args.root);
const { gzipBomb } = await import(pathToFileURL(join(here, '..', 'registry', 'dist', 'testing', 'index.js')).href);

const bombs = {
  'one-entry': () => gzipBomb([{ path: 'encoder.weights', size: 3 * GIB }]),
  'many-entry': () => gzipBomb([0, 1, 2].map((i) => ({ path: `part-${i}.weights`, size: GIB }))),
};

/**
 * The client of the server case, in its own process (a blocked server must not block the client's
 * clock): PUT the bomb, GET /index.json every 20 ms on fresh connections until the PUT is answered,
 * print the longest GET wait in ms and the PUT's answer.
 */
const CLIENT = `
import { get, request } from 'node:http';
import { readFileSync } from 'node:fs';
const [url, token, file] = process.argv.slice(1);
const body = readFileSync(file);
let answer;
const put = new Promise((done) => {
  const req = request(new URL('api/v1/packs/bomb/1.0.0', url), { method: 'PUT', headers: { authorization: 'Bearer ' + token, 'content-length': String(body.length) } }, (res) => {
    let text = '';
    res.on('data', (c) => (text += c));
    res.on('end', () => done((answer = text)));
  });
  req.end(body);
});
let longest = 0;
while (answer === undefined) {
  const asked = performance.now();
  await new Promise((done, fail) => get(new URL('index.json', url), { agent: false }, (res) => { res.resume(); res.on('end', done); }).on('error', fail));
  longest = Math.max(longest, performance.now() - asked);
  await new Promise((r) => setTimeout(r, 20));
}
await put;
console.log(JSON.stringify({ longest, answer }));
`;

async function runCase(name) {
  const bomb = (bombs[name] ?? bombs['many-entry'])();
  const before = process.memoryUsage().rss;
  const start = performance.now();
  let refusal;
  let indexWait = 0;
  if (name === 'server') {
    const { startRegistryServer } = await import(pathToFileURL(join(root, 'registry', 'dist', 'index.js')).href);
    const dir = await mkdtemp(join(tmpdir(), 'ff-bench-bomb-'));
    const server = await startRegistryServer({ dir, port: 0 });
    const token = await server.store.addToken('bench');
    const file = join(dir, 'bomb.tgz');
    await writeFile(file, bomb);
    const client = spawn(process.execPath, ['--input-type=module', '-e', CLIENT, server.url, token, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    client.stdout.on('data', (c) => (output += c));
    await once(client, 'close');
    const result = JSON.parse(output);
    indexWait = result.longest;
    refusal = result.answer;
    await server.close();
    await rm(dir, { recursive: true, force: true });
  } else {
    const { inspectPack } = await import(pathToFileURL(join(root, 'packages', 'packs', 'dist', 'index.js')).href);
    refusal = await inspectPack(bomb, { source: 'bomb.tgz' }).then(() => 'accepted!', (e) => e.message);
  }
  const seconds = (performance.now() - start) / 1000;
  const peakGrowth = process.resourceUsage().maxRSS * 1024 - before;
  console.log(JSON.stringify({ name, bomb: bomb.length, seconds, peakGrowth, indexWait, refusal }));
}

if (args.case) {
  await runCase(args.case);
} else {
  console.log(`archive-bomb: packages from ${root}`);
  for (const name of args.cases.split(',')) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name, '--root', root], { encoding: 'utf8' });
    const line = child.stdout.trim().split('\n').pop();
    if (child.status !== 0 || !line) {
      console.log(`${name.padEnd(11)} failed: ${child.stderr.trim().split('\n').slice(-3).join(' ')}`);
      continue;
    }
    const r = JSON.parse(line);
    const index = name === 'server' ? `  longest GET /index.json wait ${(r.indexWait / 1000).toFixed(2)} s` : '';
    const verdict = r.peakGrowth < 300 * MB ? 'under' : 'OVER';
    console.log(`${name.padEnd(11)} ${(r.bomb / MB).toFixed(1)} MB gzip: refused in ${r.seconds.toFixed(2)} s, peak memory +${(r.peakGrowth / MB).toFixed(0)} MB (${verdict} the 300 MB goal)${index}`);
    console.log(`${' '.repeat(12)}${r.refusal.slice(0, 160)}`);
  }
}
