import { Flags } from '@oclif/core';
import { dirname, join } from 'node:path';
import { DASHBOARD_EVENTS_ENV, forwardTrainingHooks, listenForSaveRequests, startDashboard, stopWhenDashboardGone, type Dashboard } from '@faceforge/dashboard';
import { applyLockedConfig, lastConfig } from '@faceforge/core/config';
import { packLockedConfig } from '@faceforge/core/packs';
import { readState, STATE_FILE, train } from '@faceforge/core/train';
import { folderFlag } from '../path-flags.js';
import { BaseCommand, computeFlags } from '../base-command.js';
import { loadPack } from '../pack-support.js';
import { describeSettings, resolveConfig } from '../config-resolution.js';
import { loadForge, presetsDir } from '../forge-loader.js';
import { createProgress } from '../progress.js';
import { packStore } from '../pack-support.js';
import { FACEFORGE_BIN } from '../faceforge-bin.js';

export default class Train extends BaseCommand {
  static override summary = 'Train a face-swap model on two folders of faces.';
  static override description = 'Creates the model in --model-dir, or resumes the one there. Each side needs at least 25 face images (checked before the model is built). Ctrl-C (or SIGTERM) saves and exits. One writer per model: while it runs, the folder is locked (.faceforge.lock) and a second train, restore, reset, decoder import or swap on it is refused.';
  static override examples = ['<%= config.bin %> train -A faces/alice -B faces/bob -m models/alice_bob -t original -b 16 -i 10000'];

  static override flags = {
    ...computeFlags,
    'input-a': folderFlag({ char: 'A', required: true, exists: true, description: 'Folder of faces of person A (PNG/JPEG).' }),
    'input-b': folderFlag({ char: 'B', required: true, exists: true, description: 'Folder of faces of person B.' }),
    'model-dir': folderFlag({ char: 'm', required: true, description: 'Model folder: created if new, resumed if it holds a model.' }),
    new: Flags.boolean({ default: false, description: 'Start a new model in --model-dir even if it holds files: they are first moved into archived_<date>/ inside it (for a folder with weights but no readable state.json).' }),
    trainer: Flags.string({ char: 't', description: 'Model plugin to train (see `faceforge models list`). Default: original, or the model already in the folder.' }),
    'batch-size': Flags.integer({ char: 'b', default: 16, min: 1, max: 256, description: 'Faces per side in each step.' }),
    iterations: Flags.integer({ char: 'i', default: 1000000, min: 1, description: 'Iterations to train in this session.' }),
    'save-interval': Flags.integer({ char: 's', default: 250, min: 1, description: 'Save (and write a preview) every N iterations.' }),
    'snapshot-interval': Flags.integer({ char: 'I', default: 25000, min: 0, description: 'Copy the model to <model>_snapshot_<N>_iters every N iterations (0: never).' }),
    'load-weights': folderFlag({ exists: true, description: "Start a new model from another model's encoder (same model plugin)." }),
    'freeze-weights': Flags.boolean({ default: false, description: "Don't train the encoder this session (after --load-weights or --encoder, while the decoders catch up)." }),
    encoder: Flags.string({ exclusive: ['load-weights'], description: 'Start a new model from an encoder pack: NAME@RANGE in the local store, or a pack archive (.tgz). Its fingerprint must match the model.' }),
    'encoder-lr-scale': Flags.string({ description: "Multiply the encoder's learning rate by this factor this session (0 keeps it as it is, 0.1 lets it adapt slowly)." }),
    'warp-to-landmarks': Flags.boolean({ default: false, description: 'Warp inputs towards the landmarks of similar faces of the other side (needs extracted faces).' }),
    flip: Flags.boolean({ default: true, allowNo: true, description: 'Random horizontal flips (--no-flip to turn off).' }),
    warp: Flags.boolean({ default: true, allowNo: true, description: 'Random warp of the inputs (--no-warp to turn off).' }),
    'augment-color': Flags.boolean({ default: true, allowNo: true, description: 'Colour augmentation (--no-augment-color to turn off).' }),
    preview: Flags.boolean({ default: true, allowNo: true, description: 'Write previews/latest.png at each save.' }),
    'timelapse-input-a': folderFlag({ exists: true, dependsOn: ['timelapse-input-b', 'timelapse-output'], description: 'Timelapse: faces of A to render at every save.' }),
    'timelapse-input-b': folderFlag({ exists: true, dependsOn: ['timelapse-input-a', 'timelapse-output'], description: 'Timelapse: faces of B.' }),
    'timelapse-output': folderFlag({ dependsOn: ['timelapse-input-a', 'timelapse-input-b'], description: 'Timelapse: folder for the frames.' }),
    config: Flags.file({ char: 'c', exists: true, description: 'train.ini to use (see `faceforge config init`). Default: a resumed model\'s settings of its last session, a new model\'s the built-in defaults.' }),
    preset: Flags.string({ multiple: true, description: 'Preset(s) to apply on top of the config, NAME or SECTION:NAME.' }),
    seed: Flags.integer({ description: 'Random seed of a new model (a resumed model keeps its own).' }),
    summary: Flags.boolean({ default: false, description: 'Print the layers and parameter counts.' }),
    dashboard: Flags.boolean({ default: false, description: 'Serve the dashboard (see `faceforge dashboard`) on 127.0.0.1 while training: live loss, previews, stop. It serves the model\'s parent folder and the faces folders\' parents.' }),
    'dashboard-port': Flags.integer({ default: 8686, min: 0, max: 65535, dependsOn: ['dashboard'], description: 'Port of --dashboard (0: any free port).' }),
    'validate-every': Flags.integer({ default: 1000, min: 0, description: "Every N iterations, swap held-out faces and measure by face-api how near they are to A's and B's identity (state.json, analyze). Off in sessions shorter than N; 0: never. Held out: the last 15% of each source's frames, or --held-out-a/-b." }),
    'held-out-a': folderFlag({ exists: true, dependsOn: ['held-out-b'], description: 'Faces of A to validate on instead of a time segment of --input-a (never trained on).' }),
    'held-out-b': folderFlag({ exists: true, dependsOn: ['held-out-a'], description: 'Faces of B to validate on instead of a time segment of --input-b.' }),
    'keep-best': Flags.integer({ min: 1, description: 'Keep only the K snapshots with the best identity score (needs validation); the others are removed as new ones come.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Train);
    const backend = await this.useBackend(flags);
    const modelDir = flags['model-dir'];
    // For the progress bar and the model plugin only: an unreadable state.json is train()'s to refuse.
    const existing = flags.new ? undefined : await readState(modelDir).catch(() => undefined);
    const startAt = existing?.iterations ?? 0;
    const progress = createProgress({ total: startAt + flags.iterations, startAt });
    const forge = await loadForge({ info: (m) => progress.log(m), warn: (m) => progress.log(`warning: ${m}`) });
    const pack = flags.encoder && !existing ? await loadPack('encoder', flags.encoder) : undefined;
    if (flags.encoder && existing) this.warn(`--encoder is ignored: ${modelDir} already holds a trained model`);
    const modelName = existing?.model ?? flags.trainer ?? pack?.manifest.model.plugin ?? 'original';
    const encoderLrScale = flags['encoder-lr-scale'] === undefined ? undefined : Number(flags['encoder-lr-scale']);
    if (encoderLrScale !== undefined && !(Number.isFinite(encoderLrScale) && encoderLrScale >= 0)) {
      this.error(`--encoder-lr-scale ${flags['encoder-lr-scale']}: give a number >= 0 (0 keeps the encoder as it is, 1 trains it normally)`, { exit: 1 });
    }
    // A resumed model starts from its last session's settings; -c and --preset override them.
    const sections = forge.sectionsFor(modelName);
    const last = existing && lastConfig(existing, sections, join(modelDir, STATE_FILE));
    const requested = await resolveConfig(forge, modelName, { configFile: flags.config, presets: flags.preset, presetsDir: presetsDir(), base: last });
    // Options fixed at creation keep their creation values, a new model from a pack takes the pack's
    // (the trainer says which requested values it ignored).
    const locked = existing?.config ?? (pack && packLockedConfig(pack.manifest));
    const effective = locked ? applyLockedConfig(sections, requested, locked).values : requested;
    for (const line of describeSettings(forge, modelName, effective, last)) progress.log(line);

    const controller = new AbortController();
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals | 'dashboard gone') => {
      signals++;
      if (signals > 1) process.exit(130);
      this.logToStderr(`\n${signal}: finishing this iteration, then saving (press again to quit without saving)`);
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    stopWhenDashboardGone(() => onSignal('dashboard gone'));

    // Started by a dashboard: its page follows this run through the trainer's hooks, over the IPC channel.
    let saveRequested: (() => boolean) | undefined;
    if (process.send && process.env[DASHBOARD_EVENTS_ENV] === '1') {
      // Sent with a callback, a failed send (the dashboard died) is dropped instead of throwing in a hook.
      forwardTrainingHooks(forge.hooks, (event) => process.connected && process.send?.(event, undefined, undefined, () => undefined));
      saveRequested = listenForSaveRequests();
    }
    let dashboard: Dashboard | undefined;
    let dashboardRun: ReturnType<Dashboard['runs']['registerInProcess']> | undefined;
    if (flags.dashboard) {
      dashboard = await startDashboard({
        forge, models: [dirname(modelDir)], faces: [...new Set([dirname(flags['input-a']), dirname(flags['input-b'])])], packStore: packStore(),
        port: flags['dashboard-port'], trainCommand: { bin: FACEFORGE_BIN }, presetsDir: presetsDir(),
      });
      const id = dashboard.modelIdOf(modelDir)!;
      // The page's stop is this terminal's Ctrl-C: finish the step, save, exit.
      let savePending = false;
      saveRequested = () => {
        const answer = savePending;
        savePending = false;
        return answer;
      };
      dashboardRun = dashboard.runs.registerInProcess(id, modelDir, () => onSignal('SIGINT'), () => (savePending = true));
      forwardTrainingHooks(forge.hooks, (event) => dashboard!.runs.trainingEvent(id, event));
      progress.log(`dashboard: ${dashboard.url}`);
    }
    forge.hooks.afterStep.tap('cli-progress', (step) => progress.update(step.iteration, { egPerSec: step.egPerSec, lossA: step.lossA, lossB: step.lossB }));
    forge.hooks.afterSave.tap('cli-progress', (save) => progress.log(`saved at iteration ${save.iteration}`));
    forge.hooks.preview.tap('cli-progress', (preview) => progress.log(`preview: ${preview.path}`));
    try {
      const result = await train(forge, {
        modelDir, inputA: flags['input-a'], inputB: flags['input-b'], modelName, batchSize: flags['batch-size'],
        iterations: flags.iterations, saveInterval: flags['save-interval'], snapshotInterval: flags['snapshot-interval'],
        config: requested, seed: flags.seed, startNew: flags.new, loadWeights: flags['load-weights'], freezeWeights: flags['freeze-weights'], summary: flags.summary,
        encoderPack: pack && { manifest: pack.manifest, weights: pack.weights, sha512: pack.sha512 },
        learningRateScales: encoderLrScale === undefined ? undefined : { encoder: encoderLrScale },
        preview: flags.preview, backend: backend, signal: controller.signal, saveRequested,
        // Validation costs a few seconds per pass and 15% of the faces: not worth it in a session shorter than one interval.
        validation: flags['validate-every'] > 0 && flags['validate-every'] <= flags.iterations
          ? { every: flags['validate-every'], folders: flags['held-out-a'] ? { a: flags['held-out-a'], b: flags['held-out-b']! } : undefined }
          : undefined,
        keepBest: flags['keep-best'],
        flags: { flip: flags.flip, warp: flags.warp, augmentColor: flags['augment-color'], warpToLandmarks: flags['warp-to-landmarks'] },
        timelapse: flags['timelapse-output']
          ? { inputA: flags['timelapse-input-a']!, inputB: flags['timelapse-input-b']!, output: flags['timelapse-output'] }
          : undefined,
      });
      progress.stop();
      const session = result.state.sessions.at(-1);
      this.log(`saved ${modelDir}: ${result.state.iterations} iterations in total${session ? `, this session ${session.iterations} at ${session.egPerSec.toFixed(2)} EG/s` : ''}`);
      if (result.previewPath) this.log(`preview: ${result.previewPath}`);
      dashboardRun?.finished(0);
    } catch (error) {
      dashboardRun?.finished(1);
      throw error;
    } finally {
      await dashboard?.close();
      progress.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
