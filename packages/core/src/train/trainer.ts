/**
 * The training loop (faceswap's scripts/train.py + lib/training): build or resume the model, load
 * both face sets, then step: batch → forward → loss → NaN check → optimizer → hooks, saving every
 * `saveInterval` iterations and on exit. Everything random is seeded by (seed, purpose, iteration),
 * and the optimizer state is saved, so a resumed run continues exactly where it stopped.
 */
import { tf } from '../tf.js';
import type { Forge } from '../forge.js';
import type { ConfigValues } from '../config/ini-file.js';
import type { FaceSwapModel, Side } from '../model/face-swap-model.js';
import { summarizeModel } from '../model/face-swap-model.js';
import { buildModel } from '../model/build-model.js';
import { loadModelParts, loadOptimizerState, openModelDir, saveModel, loadPartWeights, partFile } from '../model/model-files.js';
import { withModelLock } from '../io/model-lock.js';
import { openModelToTrain } from './model-to-train.js';
import type { ModelState, SessionRecord } from './model-state.js';
import { applyLockedConfig, sessionConfig } from './locked-config.js';
import { appendLoss } from './loss-history.js';
import { stepGradients } from './step-gradients.js';
import { checkFaceCount, loadFaceSet } from '../data/face-set.js';
import type { FaceRecord } from '../data/face-record.js';
import { BatchSampler } from '../data/batch-sampler.js';
import { buildBatch, type SideData, type BatchContext } from './batch-builder.js';
import type { AugmentFlags, StepReport, TrainingRun } from './training-types.js';
import type { Optimizer, OptimizerState } from '../hooks/optimizer-types.js';
import { renderModelPreview, writeModelPreview } from './preview-writer.js';
import { writeSnapshot } from './snapshot.js';
import { keepBestSnapshots } from './snapshot-ranking.js';
import { hashSeed } from '../util/rng.js';
import { DataError, ModelFileError, NonFiniteLossError, PluginError } from '../util/errors.js';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { timelapseFileName, writeJpeg } from '../monitor/timelapse.js';
import { loadTimelapseFaces } from './timelapse-faces.js';
import { describeIdentity } from '../data/face-identity.js';
import { loadEncoderPack, type EncoderPackSource } from '../packs/start-from-pack.js';
import { packLockedConfig } from '../packs/pack-options.js';
import { newEncoderIdentity } from '../packs/encoder-identity.js';
import { ENCODER_PART } from '../packs/model-packs.js';
import { packId } from '@faceforge/packs';
import { globalSection } from '../builtin/global-plugin.js';
import { sectionValues } from '../config/section-values.js';
import { formatValidationLine, prepareValidation, type ValidationOptions } from '../validate/training-validation.js';
import { useTrainingPool } from '../backend/pool-for-work.js';
import type { IdentityValidator } from '../validate/identity-validator.js';

export interface TrainOptions {
  modelDir: string;
  inputA: string;
  inputB: string;
  /** Model plugin name (`-t`); an existing model keeps its own. */
  modelName?: string;
  batchSize: number;
  /** Iterations to run in this session. */
  iterations: number;
  saveInterval: number;
  /** 0 disables snapshots. */
  snapshotInterval: number;
  /** Resolved config values (ini, preset, defaults) for every section. */
  config: ConfigValues;
  seed?: number;
  flags: AugmentFlags;
  /** Start a new model even if the folder holds one: what is there is first moved into archived_<date>/ (`--new`). */
  startNew?: boolean;
  /** Another model folder whose shared parts (the encoder) start this new model. */
  loadWeights?: string;
  /** An encoder pack that starts this new model (`--encoder NAME@RANGE`); ignored when resuming. */
  encoderPack?: EncoderPackSource;
  /** Don't train the shared parts (the encoder) this session. */
  freezeWeights?: boolean;
  /** Learning-rate multiplier per part this session, e.g. { encoder: 0.1 } (`--encoder-lr-scale`). */
  learningRateScales?: Record<string, number>;
  summary?: boolean;
  /** Write preview pictures at each save. */
  preview?: boolean;
  timelapse?: { inputA: string; inputB: string; output: string };
  backend?: string;
  /** Aborting saves and returns (Ctrl-C, SIGTERM). */
  signal?: AbortSignal;
  /** Asked after each step: true saves now, besides every `saveInterval` (the dashboard's Save button). */
  saveRequested?: () => boolean;
  /** Identity validation on held-out faces every N iterations (validate/); absent or every 0: off. */
  validation?: ValidationOptions;
  /** Keep only the K snapshots with the best identity score (needs validation); absent: keep every snapshot. */
  keepBest?: number;
}

export interface TrainResult {
  state: ModelState;
  stoppedBy: 'iterations' | 'signal';
  previewPath?: string;
}

/** Mean of a list, or NaN when empty. */
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Stable names for optimizer slots: `part:layer/weight`, the same in every process. */
function variableKeys(model: FaceSwapModel): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [part, layers] of Object.entries(model.parts)) {
    for (const w of layers.weights) keys.set((w.read() as tf.Variable).name, `${part}:${w.originalName}`);
  }
  return keys;
}

function renameSlots(state: OptimizerState, rename: (name: string) => string | undefined): OptimizerState {
  const slots: Record<string, Float32Array> = {};
  for (const [key, data] of Object.entries(state.slots)) {
    const cut = key.lastIndexOf('/');
    const renamed = rename(key.slice(0, cut));
    if (renamed === undefined) throw new ModelFileError(`optimizer state has slots for an unknown variable '${key.slice(0, cut)}'`);
    slots[`${renamed}/${key.slice(cut + 1)}`] = data;
  }
  return { ...state, slots };
}

/** The run's optimizer, from the optimizer plugin (it reads its own section). */
function createRunOptimizer(forge: Forge, model: FaceSwapModel): Optimizer {
  const optimizer = forge.hooks.createOptimizer.call({ model });
  if (!optimizer) throw new PluginError('no plugin created an optimizer: is an optimizer plugin (@faceforge/plugin-optimizers) installed?');
  return optimizer;
}

/** One side's faces with the masks the loss plugin needs drawn into them; returns their names. */
function prepareFaces(forge: Forge, side: Side, faces: FaceRecord[], size: number): string[] {
  const preparation = { side, faces, size, maskNames: [] as string[] };
  forge.hooks.prepareFaces.call(preparation);
  return preparation.maskNames;
}

/** Trains holding the model folder's lock: a second writer is refused while this one runs. */
export async function train(forge: Forge, options: TrainOptions): Promise<TrainResult> {
  return withModelLock(options.modelDir, 'train', () => trainHoldingLock(forge, options), forge.log);
}

async function trainHoldingLock(forge: Forge, options: TrainOptions): Promise<TrainResult> {
  const { log, hooks } = forge;
  const existing = await openModelToTrain(options.modelDir, options.startNew ?? false, log);
  const modelName = existing?.model ?? options.modelName ?? 'original';
  if (existing && options.modelName && options.modelName !== existing.model) {
    throw new ModelFileError(`${options.modelDir} holds a '${existing.model}' model, not '${options.modelName}': use another folder or -t ${existing.model}`);
  }
  if (!forge.models.has(modelName)) forge.models.get(modelName); // throws with the list of installed models
  const sections = forge.sectionsFor(modelName);
  // A new model from an encoder pack is built with the pack's fixed options (lowmem, padding, framing).
  const pack = !existing && options.encoderPack ? options.encoderPack.manifest : undefined;
  const packLocked = pack && packLockedConfig(pack);
  const { values: config, ignored } = applyLockedConfig(sections, options.config, existing?.config ?? packLocked, packLocked ? `by encoder pack ${packId(pack)}` : undefined);
  for (const line of ignored) {
    if (packLocked) log.info(line);
    else log.warn(line);
  }
  const seed = existing?.seed ?? options.seed ?? hashSeed(Date.now(), process.pid);
  // Core reads only its own [global] section; each plugin reads its own through its API.
  forge.configure(config);
  const globalOptions = sectionValues(config, globalSection);

  // Too few faces is found out before minutes go into building the model.
  for (const dir of [options.inputA, options.inputB]) await checkFaceCount(dir);
  // An extraction earlier in this process (the demo's) left the native pool set for inference.
  useTrainingPool();
  const model = buildModel(forge, modelName, config, seed, !existing);
  const state: ModelState = existing ?? {
    format: 'faceforge-model', version: 1, model: modelName, created: new Date().toISOString(), seed,
    iterations: 0, parts: Object.keys(model.parts), inputSize: model.inputSize, outputSize: model.outputSize,
    config: Object.fromEntries(sections.filter((s) => !s.id.startsWith('trainer.')).map((s) => [s.id, config[s.id] ?? {}])),
    sessions: [], lossHistory: [], lowestAvgLoss: null, lineage: [],
  };
  if (existing) {
    await loadModelParts(options.modelDir, model.parts);
    if (options.loadWeights) log.warn(`--load-weights is ignored: ${options.modelDir} already holds a trained model`);
    if (options.encoderPack) log.warn(`--encoder is ignored: ${options.modelDir} already holds a trained model`);
  } else if (options.loadWeights && options.encoderPack) {
    throw new ModelFileError('--load-weights and --encoder both give the new model an encoder: choose one');
  } else if (options.loadWeights) {
    await loadSharedWeights(forge, model, modelName, options.loadWeights, state);
  } else if (options.encoderPack) {
    loadEncoderPack(forge, model, modelName, state, options.encoderPack);
  }
  // A freshly initialised encoder starts a lineage; one loaded from a model or a pack continues its own.
  if (!existing) state.encoder ??= newEncoderIdentity();
  if (options.summary) {
    const text = summarizeModel(model);
    hooks.summary.call(text);
    log.info(text);
  }

  // data
  const processingSize = Math.max(model.inputSize, model.outputSize);
  const coverage = globalOptions.coverage / 100;
  const centering = globalOptions.centering;
  const { storedMasks } = hooks.dataNeeds.call({ storedMasks: [] });
  const loadSide = (dir: string, minFaces?: number) =>
    loadFaceSet(dir, { size: processingSize, coverage, centering, masks: storedMasks, log, transform: (face) => hooks.loadFace.promise(face), minFaces });
  let [facesA, facesB] = [await loadSide(options.inputA), await loadSide(options.inputB)];
  log.info(`faces: A ${facesA.length} from ${options.inputA}, B ${facesB.length} from ${options.inputB}`);
  // Held-out faces leave the training sets before anything samples them.
  const validation = options.validation && options.validation.every > 0
    ? await prepareValidation(options.validation, { a: facesA, b: facesB }, (dir) => loadSide(dir, 1), log)
    : undefined;
  if (validation) [facesA, facesB] = [validation.training.a, validation.training.b];
  const landmarksOf = (faces: FaceRecord[]) => (faces.every((f) => f.landmarks) ? faces.map((f) => f.landmarks!) : undefined);
  const sides: Record<Side, SideData> = {
    a: { side: 'a', faces: facesA, sampler: new BatchSampler(facesA.length, options.batchSize, seed, 'a'), maskNames: prepareFaces(forge, 'a', facesA, processingSize), landmarks: landmarksOf(facesA) },
    b: { side: 'b', faces: facesB, sampler: new BatchSampler(facesB.length, options.batchSize, seed, 'b'), maskNames: prepareFaces(forge, 'b', facesB, processingSize), landmarks: landmarksOf(facesB) },
  };
  if (options.flags.warpToLandmarks && !(sides.a.landmarks && sides.b.landmarks)) {
    throw new DataError('--warp-to-landmarks needs landmarks in every face of both sides (extract the faces with `faceforge extract`)');
  }
  const batchContext = (other: SideData): BatchContext => ({
    hooks, seed, flags: options.flags, inputSize: model.inputSize, outputSize: model.outputSize, other,
  });

  // optimizer and what it trains
  const optimizer = createRunOptimizer(forge, model);
  const keys = variableKeys(model);
  const byKey = new Map([...keys].map(([name, key]) => [key, name]));
  if (existing) {
    const saved = await loadOptimizerState(options.modelDir);
    if (saved) optimizer.setState(renameSlots(saved, (key) => byKey.get(key)));
  }
  const frozen = new Set(options.freezeWeights ? model.sharedParts : []);
  if (frozen.size) log.info(`frozen this session: ${[...frozen].join(', ')}`);
  // The encoder's lineage counts only the iterations that change it.
  const encoderTrains = !frozen.has(ENCODER_PART) && options.learningRateScales?.[ENCODER_PART] !== 0;
  const variables = Object.entries(model.parts)
    .filter(([part]) => !frozen.has(part))
    .flatMap(([, part]) => part.trainableWeights.map((w) => w.read() as tf.Variable));
  for (const [part, scale] of Object.entries(options.learningRateScales ?? {})) {
    const layers = model.parts[part];
    if (!layers) throw new ModelFileError(`a learning-rate scale is given for part '${part}', which a '${modelName}' model does not have (parts: ${Object.keys(model.parts).join(', ')})`);
    for (const w of layers.trainableWeights) optimizer.setLearningRateScale((w.read() as tf.Variable).name, scale);
    if (scale !== 1) log.info(`learning rate of ${part} × ${scale} this session`);
  }

  const previewCount = Math.min(globalOptions.preview_images, facesA.length, facesB.length);
  const pick = (faces: FaceRecord[]) => Array.from({ length: previewCount }, (_, i) => faces[Math.floor((i * faces.length) / previewCount)]!.image);
  const previewFaces = { a: pick(facesA), b: pick(facesB) };
  const timelapse = options.timelapse ? await loadTimelapseFaces(options.timelapse, processingSize, coverage, log, centering) : undefined;

  const session: SessionRecord = {
    id: state.sessions.length + 1, start: new Date().toISOString(), end: new Date().toISOString(),
    batchSize: options.batchSize, iterations: 0, egPerSec: 0, backend: options.backend ?? tf.getBackend(),
    config: sessionConfig(sections, config),
    identities: [describeIdentity(options.inputA, facesA), describeIdentity(options.inputB, facesB)],
    trainedParts: Object.keys(model.parts).filter((part) => !frozen.has(part) && options.learningRateScales?.[part] !== 0),
  };
  state.sessions.push(session);
  let validator: IdentityValidator | undefined;
  if (validation) {
    validator = await validation.start(model);
    state.validationSet = validator.set;
  }
  if (options.keepBest !== undefined && !validator) log.warn('--keep-best ranks snapshots by their validation, which is off: every snapshot is kept');
  const keepBest = validator ? options.keepBest : undefined;
  const takeSnapshot = async () => {
    const dir = await writeSnapshot(options.modelDir, state.iterations);
    await hooks.snapshot.promise({ modelDir: options.modelDir, snapshotDir: dir, iteration: state.iterations });
    log.info(`snapshot: ${dir}`);
    if (keepBest !== undefined) {
      for (const removed of await keepBestSnapshots(options.modelDir, keepBest)) log.info(`snapshot removed (not among the ${keepBest} best by identity score): ${removed}`);
    }
  };
  const run: TrainingRun = { modelDir: options.modelDir, model, config };
  await hooks.beforeTrain.promise(run);

  let sinceSave: number[] = [];
  let trainSeconds = 0;
  let previewPath: string | undefined;

  const save = async (reason: 'interval' | 'exit') => {
    await hooks.beforeSave.promise({ modelDir: options.modelDir, iteration: state.iterations, reason });
    session.end = new Date().toISOString();
    session.egPerSec = trainSeconds > 0 ? (session.iterations * options.batchSize * 2) / trainSeconds : 0;
    let backup = false;
    if (sinceSave.length) {
      const average = mean(sinceSave);
      if (state.lowestAvgLoss === null) state.lowestAvgLoss = average;
      else if (average < state.lowestAvgLoss) {
        state.lowestAvgLoss = average;
        backup = true;
      }
    }
    sinceSave = [];
    // Live arrays, no copy: nothing trains while the save is awaited.
    const optimizerState = await optimizer.getState({ live: true });
    const stable = renameSlots(optimizerState, (name) => keys.get(name));
    await saveModel({ dir: options.modelDir, parts: model.parts, optimizer: stable, state: { ...state, sessions: state.sessions.filter((s) => s.iterations > 0) }, backup });
    if (backup) log.info(`new lowest loss ${state.lowestAvgLoss!.toFixed(5)}: backup written`);
    await hooks.afterSave.promise({ modelDir: options.modelDir, iteration: state.iterations, reason });
    if (options.preview !== false && previewCount > 0) {
      const png = await renderModelPreview(model, previewFaces.a, previewFaces.b, `${modelName} - iteration ${state.iterations}`);
      previewPath = await writeModelPreview(options.modelDir, state.iterations, png);
      await hooks.preview.promise({ modelDir: options.modelDir, iteration: state.iterations, path: previewPath, png });
    }
    if (timelapse) {
      const png = await renderModelPreview(model, timelapse.a, timelapse.b, `iteration ${state.iterations}`);
      await mkdir(options.timelapse!.output, { recursive: true });
      await writeJpeg(join(options.timelapse!.output, timelapseFileName(new Date())), await pngToImage(png));
    }
  };

  // wasm's heap is capped at 4 GiB and never shrinks: there, hold one side's activations at a time
  // (the Original model's step peaks at 3.6 GiB of heap so, 3.8 GiB with both sides in one pass)
  const oneSideAtATime = tf.getBackend() === 'wasm';
  let stoppedBy: TrainResult['stoppedBy'] = 'iterations';
  for (let step = 1; step <= options.iterations; step++) {
    // Backends whose data() resolves synchronously (wasm, cpu, native) never leave the microtask queue;
    // yield once per iteration so signal handlers and timers (Ctrl-C, SIGTERM) get to run.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) {
      stoppedBy = 'signal';
      break;
    }
    const iteration = state.iterations + 1;
    const started = performance.now();
    const batchA = buildBatch(sides.a, iteration, batchContext(sides.b));
    const batchB = buildBatch(sides.b, iteration, batchContext(sides.a));
    const lossTerms: Partial<Record<Side, Record<string, tf.Scalar>>> = {};
    const { grads, totals } = stepGradients(model, { a: batchA.feed, b: batchB.feed }, (side, out) => {
      const batch = side === 'a' ? batchA : batchB;
      const loss = hooks.computeLoss.call(undefined, {
        side, yTrue: batch.target, yPred: out.face, maskPred: out.mask,
        masks: { face: batch.masks.face, eye: batch.masks.eye, mouth: batch.masks.mouth },
      });
      if (!loss) throw new PluginError('no plugin computed the loss: is a loss plugin (@faceforge/plugin-losses) installed?');
      lossTerms[side] = Object.fromEntries(Object.entries(loss.terms).map(([k, v]) => [k, tf.keep(v)]));
      return loss.total;
    }, variables, oneSideAtATime);
    batchA.dispose();
    batchB.dispose();
    const read = (side: Side) => {
      const terms = Object.fromEntries(Object.entries(lossTerms[side]!).map(([k, v]) => [k, v.dataSync()[0]!]));
      const total = totals[side].dataSync()[0]!;
      tf.dispose([totals[side], ...Object.values(lossTerms[side]!)]);
      return { total, terms };
    };
    const a = read('a');
    const b = read('b');
    const nonFinite = (['a', 'b'] as const).find((side) => !Number.isFinite((side === 'a' ? a : b).total));
    if (nonFinite && globalOptions.nan_protection) {
      const terms = nonFinite === 'a' ? a.terms : b.terms;
      const verdict = hooks.nonFinite.call({ iteration, side: nonFinite, terms });
      tf.dispose(Object.values(grads));
      if (verdict === 'skip') continue;
      const bad = Object.entries(terms).filter(([, v]) => !Number.isFinite(v)).map(([k, v]) => `${k}=${v}`).join(', ');
      throw new NonFiniteLossError(
        `NaN protection: the loss of side ${nonFinite.toUpperCase()} went non-finite at iteration ${iteration} (${bad || `total=${nonFinite === 'a' ? a.total : b.total}`}). ` +
          `Training stopped before this step was applied; the last save in ${options.modelDir} is intact (\`faceforge restore\` rolls back further).`,
        iteration, terms,
      );
    }
    optimizer.applyGradients(variables, grads);
    tf.dispose(Object.values(grads));
    trainSeconds += (performance.now() - started) / 1000;
    state.iterations = iteration;
    session.iterations++;
    if (state.encoder && encoderTrains) state.encoder.iterations++;
    delete state.decoderTrainedAgainst; // every decoder has now trained against the encoder as it is
    appendLoss(state.lossHistory, { iteration, a: a.total, b: b.total });
    sinceSave.push(a.total + b.total);
    const report: StepReport = {
      iteration, sessionIteration: step, lossA: a.total, lossB: b.total, terms: { a: a.terms, b: b.terms },
      egPerSec: (session.iterations * options.batchSize * 2) / trainSeconds,
    };
    hooks.afterStep.call(report);
    // Before the save of the same iteration, so the save (and a snapshot of it) holds the figures.
    if (validator && iteration % options.validation!.every === 0) {
      const record = await validator.validate(model, iteration);
      (state.validation ??= []).push(record);
      log.info(formatValidationLine(record));
    }
    const saveNow = options.saveRequested?.() === true;
    if ((step % options.saveInterval === 0 || saveNow) && step !== options.iterations) {
      await save('interval');
      if (options.snapshotInterval > 0 && state.iterations % options.snapshotInterval === 0) await takeSnapshot();
    }
  }
  if (options.signal?.aborted) stoppedBy = 'signal';
  await save('exit');
  if (options.snapshotInterval > 0 && session.iterations > 0 && state.iterations % options.snapshotInterval === 0) await takeSnapshot();
  await hooks.afterTrain.promise(run);
  await validator?.close();
  optimizer.dispose();
  for (const part of Object.values(model.parts)) part.dispose();
  return { state, stoppedBy, previewPath };
}

async function pngToImage(png: Buffer) {
  const sharp = (await import('sharp')).default;
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! / 255;
  return { width: info.width, height: info.height, channels: 3, data: out };
}

/** --load-weights: copy the shared parts (encoder) from another model of the same plugin. */
async function loadSharedWeights(forge: Forge, model: FaceSwapModel, modelName: string, sourceDir: string, state: ModelState) {
  const source = await openModelDir(sourceDir);
  if (!source) throw new ModelFileError(`--load-weights ${sourceDir}: no faceforge model there (state.json missing)`);
  if (source.model !== modelName) {
    throw new ModelFileError(`--load-weights ${sourceDir}: that is a '${source.model}' model; weights load only between models of the same plugin ('${modelName}')`);
  }
  let loaded = 0;
  for (const part of model.sharedParts) {
    const file = join(sourceDir, partFile(part));
    const count = loadPartWeights(model.parts[part]!, await readFile(file), file, { partial: true });
    const total = model.parts[part]!.weights.length;
    if (count < total) forge.log.warn(`--load-weights: ${total - count} of ${total} weights of ${part} did not fit and keep their initial values`);
    loaded += count;
  }
  if (loaded === 0) throw new ModelFileError(`--load-weights ${sourceDir}: no weights fit this model (different configuration?)`);
  state.lineage.push({ type: 'load-weights', from: sourceDir, parts: model.sharedParts, iterations: source.iterations });
  if (source.encoder) state.encoder = { ...source.encoder };
  forge.log.info(`loaded ${model.sharedParts.join(', ')} from ${sourceDir} (${loaded} weights)`);
}
