/**
 * The hook surface: one frozen object of typed tapable hooks, created once per run (webpack's
 * `Compiler.hooks`). Plugins tap these in `apply(api)`; core calls them. Freezing stops plugins
 * adding hooks. Where taps run in a fixed order, their stages are named in hook-stages.ts. What a
 * plugin contributes (models, losses, ...) is registered through `api.<registry>.register`.
 */
import { AsyncSeriesHook, AsyncSeriesWaterfallHook, SyncBailHook, SyncHook, SyncWaterfallHook } from 'tapable';
import type { FaceSwapModel } from '../model/face-swap-model.js';
import type { Optimizer } from './optimizer-types.js';
import type { FaceRecord } from '../data/face-record.js';
import type { Image } from '../data/image.js';
import type {
  TrainingSample, SampleContext, LossContext, SideLoss, StepReport, NonFiniteReport,
  TrainingRun, SaveInfo, SnapshotInfo, PreviewInfo, ModelOptions, DataNeeds, FacePreparation, OptimizerRequest,
} from '../train/training-types.js';
import type { tf } from '../tf.js';
import type {
  RgbFrame, ColourAdjustmentDefinition, WriterDefinition, ConvertFrame, ConvertRun, UpscaleContext, ColourContext, BlendContext, OutputFrame,
} from '../convert/convert-types.js';

export function createHooks() {
  return Object.freeze({
    // model
    /** What the model is built with besides its own section: the loss plugin asks for a learned mask here. */
    modelOptions: new SyncWaterfallHook<[ModelOptions]>(['options']),
    /** After the model plugin built the model; a tap may wrap or change it. */
    buildModel: new SyncWaterfallHook<[FaceSwapModel, { name: string; created: boolean }]>(['model', 'info']),
    /** `--summary`: receives the printable layer table. */
    summary: new SyncHook<[string]>(['text']),

    // data
    /** Before the face sets load: which masks stored in the face files to load (a neural mask the loss uses). */
    dataNeeds: new SyncWaterfallHook<[DataNeeds]>(['needs']),
    /** Each face after loading; a tap may add masks or metadata. */
    loadFace: new AsyncSeriesWaterfallHook<[FaceRecord]>(['face']),
    /** One side's loaded faces: the loss plugin draws the masks it scores with and names them in `maskNames`. */
    prepareFaces: new SyncHook<[FacePreparation]>(['faces']),
    /** Each sample of a batch: augmentations chained in stage order (STAGES.prepareBatch). */
    prepareBatch: new SyncWaterfallHook<[TrainingSample, SampleContext]>(['sample', 'context']),

    // training
    /** The optimizer of a run: the optimizer plugin builds the one its section names. */
    createOptimizer: new SyncBailHook<[OptimizerRequest], Optimizer | undefined>(['request']),
    beforeTrain: new AsyncSeriesHook<[TrainingRun]>(['run']),
    /** One side's loss: the loss plugin computes it, later taps may add terms. */
    computeLoss: new SyncWaterfallHook<[SideLoss | undefined, LossContext]>(['loss', 'context']),
    afterStep: new SyncHook<[StepReport]>(['step']),
    /** A loss went NaN/Inf. Bail with 'skip' to drop the step; otherwise training stops. */
    nonFinite: new SyncBailHook<[NonFiniteReport], 'skip' | undefined>(['report']),
    beforeSave: new AsyncSeriesHook<[SaveInfo]>(['save']),
    afterSave: new AsyncSeriesHook<[SaveInfo]>(['save']),
    snapshot: new AsyncSeriesHook<[SnapshotInfo]>(['snapshot']),
    preview: new AsyncSeriesHook<[PreviewInfo]>(['preview']),
    afterTrain: new AsyncSeriesHook<[TrainingRun]>(['run']),

    // convert (per frame: beforeSwap → swap → upscale → adjustColour → blend, then write)
    /** A frame and its located faces before swapping: a tap may drop faces (core's `--identity` filter does) or add them. */
    beforeSwap: new AsyncSeriesWaterfallHook<[ConvertFrame, ConvertRun]>(['frame', 'run']),
    /** The batch of swapped faces (N×S×S×3, inside tf.tidy): an upscaler returns it at a higher resolution. Core taps it for `--upscaler`. */
    upscale: new SyncWaterfallHook<[tf.Tensor4D, UpscaleContext]>(['faces', 'context']),
    /** One swapped face's pixels before blending: the chosen colour adjustment, then sharpening (STAGES.adjustColour). */
    adjustColour: new SyncWaterfallHook<[Image, ColourContext]>(['face', 'context']),
    /** The frame with one more face composited: core's tap (STAGES.blend.PASTE) pastes it back through the inverse alignment with its mask. */
    blend: new SyncWaterfallHook<[RgbFrame, BlendContext]>(['frame', 'context']),
    /** Each finished frame, in order, just before the writer encodes it (overlays, resizing, counting). */
    write: new AsyncSeriesWaterfallHook<[OutputFrame, ConvertRun]>(['frame', 'run']),
  });
}

export type ForgeHooks = ReturnType<typeof createHooks>;
