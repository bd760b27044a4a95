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
import type { Image } from '../data/image.js';
import type {
  TrainingSample, SampleContext, LossContext, SideLoss, StepReport, NonFiniteReport,
  TrainingRun, SaveInfo, SnapshotInfo, PreviewInfo,
} from '../train/training-types.js';
import type { tf } from '../tf.js';
import type {
  RgbFrame, ColourAdjustmentDefinition, WriterDefinition, ConvertFrame, ConvertRun, UpscaleContext, ColourContext, BlendContext, OutputFrame,
} from '../convert/convert-types.js';

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
    /** Colour adjustments for convert, selected with `--color-adjustment NAME`. */
    colourAdjustments: new SyncHook<[Registry<ColourAdjustmentDefinition>]>(['registry']),
    /** Convert output formats, selected with `--writer NAME`. */
    writers: new SyncHook<[Registry<WriterDefinition>]>(['registry']),

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

    // convert (per frame: beforeSwap → swap → upscale → adjustColour → blend, then write)
    /** A frame and its located faces before swapping: a tap may drop faces (core's `--identity` filter does) or add them. */
    beforeSwap: new AsyncSeriesWaterfallHook<[ConvertFrame, ConvertRun]>(['frame', 'run']),
    /** The batch of swapped faces (N×S×S×3, inside tf.tidy): an upscaler returns it at a higher resolution. Core taps it for `--upscaler`. */
    upscale: new SyncWaterfallHook<[tf.Tensor4D, UpscaleContext]>(['faces', 'context']),
    /** One swapped face's pixels before blending: the chosen colour adjustment at stage 0, sharpening at stage 100. */
    adjustColour: new SyncWaterfallHook<[Image, ColourContext]>(['face', 'context']),
    /** The frame with one more face composited: core's tap (stage 0) pastes it back through the inverse alignment with its mask. */
    blend: new SyncWaterfallHook<[RgbFrame, BlendContext]>(['frame', 'context']),
    /** Each finished frame, in order, just before the writer encodes it (overlays, resizing, counting). */
    write: new AsyncSeriesWaterfallHook<[OutputFrame, ConvertRun]>(['frame', 'run']),
  });
}

export type ForgeHooks = ReturnType<typeof createHooks>;
