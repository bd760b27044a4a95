/** @faceforge/core: the public API. Plugins get everything they need at run time through `apply(forge)`. */
export { tf, type Tf } from './tf.js';
export * from './util/rng.js';
export * from './util/errors.js';
export * from './util/logger.js';
export * from './image/image.js';
export * from './image/rgb-pixels.js';
export * from './image/pixel-grid.js';
export * from './image/warp-affine-area.js';
// image helpers plugins build on (geometry, resampling, colour space, raster masks)
export * from './image/affine.js';
export { remap, sampleBilinearReplicate } from './image/bilinear.js';
export { rgbToLab, labToRgb, powFiveTwelfths } from './image/lab.js';
export { convexHull, insideConvexPolygon } from './image/convex-hull.js';
export { fillPolygon } from './image/fill-polygon.js';
export { dilateMask } from './image/dilate-mask.js';
export { blurMask, oddKernel, gaussianSigmaForKernel } from './image/blur-mask.js';
export { thresholdMask } from './image/threshold-mask.js';
export { wholeFaceMask } from './image/whole-face-mask.js';
export { ffmpegPath } from './media/ffmpeg-path.js';
export { parseFfmpegReport, type VideoReport } from './media/ffmpeg-probe.js';
export type { FaceRecord } from './data/face-record.js';
export { readFaceFile, FACE_METADATA_KEYWORD } from './data/face-file.js';
export { loadFaceSet, listFaceFiles, MIN_FACES } from './data/face-set.js';
export * from './data/face-metadata.js';
export { FACE_PARTS_68, indexRange } from './data/face-parts.js';
export * from './data/face-writer.js';
export * from './data/face-identity.js';
export * from './data/resize-image.js';
export { readPngText, writePngText } from './data/png-text.js';

// plugins and hooks
export * from './plugin/plugin.js';
export * from './plugin/plugin-api.js';
export * from './plugin/registry.js';
export * from './plugin/discover.js';
export * from './hooks/forge-hooks.js';
export * from './hooks/contributions.js';
export * from './hooks/hook-stages.js';
export * from './hooks/loss-types.js';
export * from './hooks/optimizer-types.js';
export { Forge } from './forge.js';
export { createForge, findInstalledPlugins, pluginReport, type CreateForgeOptions, type ForgePluginReport, type PluginFailure, type PluginSource } from './create-forge.js';

// config
export * from './config/options.js';
export * from './config/validate.js';
export * from './config/ini-file.js';
export * from './config/presets.js';

// models
export * from './model/face-swap-model.js';
export * from './model/blocks.js';
export * from './model/pixel-shuffle.js';
export * from './model/model-files.js';
export * from './model/build-model.js';
export * from './model/replace-parts.js';
export * from './model/reset-parts.js';

// training
export * from './train/training-types.js';
export * from './train/model-state.js';
export * from './train/trainer.js';
export * from './train/restore.js';
export * from './train/snapshot.js';
export * from './train/locked-config.js';
export * from './backend/fused-kernels.js';

// masks

export * from './masks/landmark-masks.js';
export * from './masks/mask-training-pairs.js';
export * from './masks/add-masks.js';

// curation
export * from './curate/index.js';

// monitoring
export * from './monitor/preview.js';
export * from './monitor/loss-graph.js';
export { formatSessionTable, formatElapsed, egPerSecond } from './monitor/session-table.js';
export * from './monitor/timelapse.js';

// io
export * from './io/atomic.js';
export * from './io/commit-files.js';
export * from './io/weights-file.js';

// extraction
export * from './extract/extract.js';
export * from './extract/frame-source.js';
export * from './extract/face-detector.js';
export * from './extract/alignments-file.js';
export * from './extract/identity-filter.js';
export * from './extract/align-face.js';
export * from './extract/centering.js';
export * from './extract/umeyama.js';
export * from './extract/mean-face.js';
export { estimatePose, projectPoint, type PoseEstimate } from './extract/pose.js';

// convert
export * from './convert/convert-types.js';
export * from './convert/converter.js';
export * from './convert/face-locator.js';
export { AlignmentsLocator } from './convert/alignments-locator.js';
export { DetectingLocator, locatedFromDetection } from './convert/detecting-locator.js';
export { defaultFaceLocator, type LocatorChoice } from './convert/default-locator.js';
export * from './convert/frame-ranges.js';
export * from './convert/media-info.js';
export { readFrames, videoFrameName } from './convert/frame-reader.js';
export { modelFaceMatrix, modelCropRect, cropMatrix, composeAffine, extractFace, extractFromFrame } from './convert/face-geometry.js';
export type { ModelFraming } from './convert/model-framing.js';
export { pasteFace, faceFootprint } from './convert/paste-back.js';
export { baseMask, blendMask, edgeFadeMask, convertMaskSection } from './convert/convert-mask.js';
export { loadTrainedModel, type TrainedModel } from './convert/trained-model.js';
export { swapBatch } from './convert/swapper.js';
export { sectionValues } from './config/section-values.js';

// for plugins: the ffmpeg runner (the image helpers are exported above)
export { spawnFfmpeg, runFfmpeg, ffmpegTail, type FfmpegProcess, type FfmpegResult } from './media/ffmpeg-process.js';

// sample data
export * from './samples/sample-faces.js';

// backends
export * from './backend/select-backend.js';
export { describePeakMemory, peakMemory, type PeakMemory } from './backend/memory.js';

// packs that need a model (the pack format, the store and the registry client are @faceforge/packs)
export * from './packs/fingerprint.js';
export * from './packs/start-from-pack.js';
export * from './packs/model-lineage.js';
export * from './packs/model-packs.js';
export * from './packs/install-decoder.js';
