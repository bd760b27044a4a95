/**
 * The hook surface: one frozen object of typed tapable hooks, created once per run.
 * Plugins tap these in `apply(forge)`; core calls them. Freezing stops plugins adding hooks.
 */
import { AsyncSeriesHook, AsyncSeriesWaterfallHook, SyncBailHook, SyncHook, SyncWaterfallHook } from 'tapable';
import type { Registry } from '../plugin/registry.js';
import type { ModelDefinition, FaceSwapModel } from '../model/face-swap-model.js';
import type { LossFunction } from '../losses/loss-function.js';
import type { AugmentationDefinition, MaskDefinition, UpscalerDefinition } from './contributions.js';
import type { FaceRecord } from '../data/face-record.js';
import type {
  TrainingSample, SampleContext, LossContext, SideLoss, StepReport, NonFiniteReport,
  TrainingRun, SaveInfo, SnapshotInfo, PreviewInfo,
} from '../train/training-types.js';

export function createHooks() {
  return Object.freeze({
    // registration: each plugin adds what it contributes
    /** Model architectures, selected with `-t NAME`. */
    models: new SyncHook<[Registry<ModelDefinition>]>(['registry']),
    /** Loss functions, selected by name in [global.loss]. */
    losses: new SyncHook<[Registry<LossFunction>]>(['registry']),
    augmentations: new SyncHook<[Registry<AugmentationDefinition>]>(['registry']),
    masks: new SyncHook<[Registry<MaskDefinition>]>(['registry']),
    upscalers: new SyncHook<[Registry<UpscalerDefinition>]>(['registry']),

    // model
    /** After the model plugin built the model; a tap may wrap or change it. */
    buildModel: new SyncWaterfallHook<[FaceSwapModel, { name: string; created: boolean }]>(['model', 'info']),
    /** `--summary`: receives the printable layer table. */
    summary: new SyncHook<[string]>(['text']),

    // data
    /** Each face after loading; a tap may add masks or metadata. */
    loadFace: new AsyncSeriesWaterfallHook<[FaceRecord]>(['face']),
    /** Each sample of a batch: augmentations chained in stage order. */
    prepareBatch: new SyncWaterfallHook<[TrainingSample, SampleContext]>(['sample', 'context']),

    // training
    beforeTrain: new AsyncSeriesHook<[TrainingRun]>(['run']),
    /** One side's loss: the core loss plugin computes it, later taps may add terms. */
    computeLoss: new SyncWaterfallHook<[SideLoss | undefined, LossContext]>(['loss', 'context']),
    afterStep: new SyncHook<[StepReport]>(['step']),
    /** A loss went NaN/Inf. Bail with 'skip' to drop the step; otherwise training stops. */
    nonFinite: new SyncBailHook<[NonFiniteReport], 'skip' | undefined>(['report']),
    beforeSave: new AsyncSeriesHook<[SaveInfo]>(['save']),
    afterSave: new AsyncSeriesHook<[SaveInfo]>(['save']),
    snapshot: new AsyncSeriesHook<[SnapshotInfo]>(['snapshot']),
    preview: new AsyncSeriesHook<[PreviewInfo]>(['preview']),
    afterTrain: new AsyncSeriesHook<[TrainingRun]>(['run']),
  });
}

export type ForgeHooks = ReturnType<typeof createHooks>;
