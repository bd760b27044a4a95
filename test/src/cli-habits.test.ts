// The CLI as a new user meets it: every topic explains itself, -h works, --backend is offered only
// where something is computed, and a computing command names its backend in one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Config } from '@oclif/core';
import { TESTING_FACES_DIR } from '@faceforge/core/testing';
import { PackStore } from '@faceforge/packs';
import { makeTestPack } from '@faceforge/registry/testing';
import { TEST_ROOT, runFaceforge, tempDir } from './support.js';

const config = await Config.load(join(TEST_ROOT, '..', 'packages', 'cli'));

test('every topic has a description of its own, not one of its commands\' summaries', () => {
  const topics = config.topics.filter((t) => config.commands.some((c) => c.id.startsWith(`${t.name}:`)));
  assert.ok(topics.length >= 8, topics.map((t) => t.name).join(', '));
  const descriptions = new Set<string>();
  for (const topic of topics) {
    assert.ok(topic.description, `topic ${topic.name} has a description`);
    assert.ok(!descriptions.has(topic.description!), `topic ${topic.name} repeats another topic's description`);
    descriptions.add(topic.description!);
    for (const command of config.commands.filter((c) => c.id.startsWith(`${topic.name}:`) || c.id === topic.name)) {
      assert.notEqual(topic.description, command.summary, `topic ${topic.name} is described with ${command.id}'s summary`);
    }
  }
});

test('only the commands that compute offer --backend (and --verbose)', () => {
  const offering = config.commands.filter((c) => 'backend' in c.flags).map((c) => c.id).sort();
  assert.deepEqual(offering, ['convert', 'demo', 'extract', 'mask', 'mask:train', 'snapshots:fuse', 'sr:eval', 'sr:pairs', 'sr:train', 'sr:upscale', 'train']);
  for (const id of offering) assert.ok('verbose' in config.findCommand(id)!.flags, `${id} has --verbose`);
});

test('-h is help, for the CLI and for a command', async () => {
  const top = await runFaceforge(['-h']);
  assert.equal(top.code, 0, top.stderr);
  assert.match(top.stdout, /TOPICS/);
  const train = await runFaceforge(['train', '-h']);
  assert.equal(train.code, 0, train.stderr);
  assert.match(train.stdout, /USAGE\s+\$ faceforge train/);
});

test('a computing command names its backend in one line; why faster ones were passed over only with --verbose', async () => {
  const faces = await tempDir('ff-cli-habits-');
  // No FACEFORGE_BACKEND: the backend is picked as a user's is, passing over tfjs-node (never installed here).
  const out = join(faces, 'out');
  const quiet = await runFaceforge(['extract', '-i', join(TESTING_FACES_DIR, 'a', (await readdir(join(TESTING_FACES_DIR, 'a')))[0]!), '-o', out], { FACEFORGE_BACKEND: '' });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stdout.split('\n').filter((l) => l.startsWith('backend:')).length, 1, quiet.stdout);
  assert.doesNotMatch(quiet.stderr, /unavailable/);
  assert.doesNotMatch(quiet.stdout + quiet.stderr, /Hi, looks like you are running TensorFlow\.js/);
  const verbose = await runFaceforge(['extract', '-i', join(TESTING_FACES_DIR, 'a', (await readdir(join(TESTING_FACES_DIR, 'a')))[0]!), '-o', out, '--verbose'], { FACEFORGE_BACKEND: '' });
  assert.equal(verbose.code, 0, verbose.stderr);
  assert.match(verbose.stderr, /backend: tensorflow unavailable/);
});

test('a mistyped command is answered with the command it most likely meant', async () => {
  const typo = await runFaceforge(['trian', '-A', 'faces']);
  assert.equal(typo.code, 127);
  assert.match(typo.stderr, /trian is not a faceforge command\.\n.*Did you mean train\?/);
  const sub = await runFaceforge(['encoder', 'inof']);
  assert.equal(sub.code, 127);
  assert.match(sub.stderr, /Did you mean encoder info\?/);
  const nothing = await runFaceforge(['xyzzyq']);
  assert.equal(nothing.code, 127);
  assert.doesNotMatch(nothing.stderr, /Did you mean/);
  assert.match(nothing.stderr, /Run `faceforge help` for the list of commands/);
});

test('shell completion: autocomplete --refresh-cache writes bash and zsh completions of every command and its flags into the home\'s cache', async () => {
  const home = await tempDir('ff-cli-habits-home-');
  const run = await runFaceforge(['autocomplete', '--refresh-cache'], { FACEFORGE_HOME: home });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const functions = join(home, 'cache', 'autocomplete', 'functions');
  const bash = await readFile(join(functions, 'bash', 'faceforge.bash'), 'utf8');
  assert.match(bash, /^train --backend --verbose --input-a --input-b --model-dir --new --trainer /m);
  assert.match(bash, /^decoder:info $/m);
  assert.match(bash, /^doctor $/m);
  const zsh = await readFile(join(functions, 'zsh', '_faceforge'), 'utf8');
  assert.match(zsh, /"remove\[Remove a decoder pack/);
  assert.match(zsh, /"publish\[Publish an encoder pack to a registry\.\]"/);
});

test('shell completion of names: bash completes `-t` with the installed model plugins and pack arguments with the store\'s packs', async () => {
  const home = await tempDir('ff-cli-habits-names-');
  const env = { FACEFORGE_HOME: home };
  const store = new PackStore(join(home, 'packs'));
  await store.add(makeTestPack({ name: 'faces-general', version: '1.0.0', plugin: 'original' }).archive, { source: 'test' });
  await store.add(makeTestPack({ name: 'faces-kids', version: '1.0.0', plugin: 'original' }).archive, { source: 'test' });
  assert.equal((await runFaceforge(['autocomplete', '--refresh-cache'], env)).code, 0);
  const file = join(home, 'cache', 'autocomplete', 'functions', 'bash', 'faceforge.bash');
  assert.match(await readFile(file, 'utf8'), /^complete -o default -F _faceforge_names faceforge$/m);
  // a second refresh does not add the names function twice
  assert.equal((await runFaceforge(['autocomplete', '--refresh-cache'], env)).code, 0);
  assert.equal((await readFile(file, 'utf8')).split('_faceforge_names()').length, 2);

  const complete = (words: string[]) => {
    const script = [
      `faceforge() { "${process.execPath}" "${join(TEST_ROOT, '..', 'packages', 'cli', 'bin', 'run.js')}" "$@"; }`,
      `source "${file}"`,
      `COMP_WORDS=(${words.map((w) => `"${w}"`).join(' ')}); COMP_CWORD=${words.length - 1}`,
      '_faceforge_names; printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const run = spawnSync('bash', ['-c', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.split('\n').filter(Boolean).sort();
  };
  assert.deepEqual(complete(['faceforge', 'train', '-t', '']), ['original', 'realface', 'villain']);
  assert.deepEqual(complete(['faceforge', 'train', '--trainer', 'v']), ['villain']);
  assert.deepEqual(complete(['faceforge', 'train', '--encoder', 'faces-']), ['faces-general', 'faces-kids']);
  assert.deepEqual(complete(['faceforge', 'encoder', 'info', 'faces-k']), ['faces-kids']);
  assert.deepEqual(complete(['faceforge', 'decoder', 'remove', '']), [], 'no decoder packs in the store');
});
