/**
 * @faceforge/core: the plugin API and the host. Commands reach the rest through named subpaths:
 * `@faceforge/core/config`, `/train`, `/extract`, `/convert`, `/curate`, `/monitor`, `/masks`,
 * `/backend`, `/media`, `/packs`, and plugin authors test with `@faceforge/core/testing`.
 */

// tfjs, the one copy; errors, logging, seeded randomness
export { tf, type Tf } from './tf.js';
export * from './util/rng.js';
export * from './util/errors.js';
export * from './util/logger.js';

// the plugin API: plugin contract, what apply(api) receives, hooks and their contexts and stages
export * from './plugin/plugin.js';
export * from './plugin/plugin-api.js';
export * from './plugin/registry.js';
export * from './hooks/forge-hooks.js';
export * from './hooks/contributions.js';
export * from './hooks/hook-stages.js';
export * from './hooks/loss-types.js';
export * from './hooks/optimizer-types.js';
export * from './train/training-types.js';
export * from './convert/convert-types.js';

// config schemas: a plugin's section, validated values
export * from './config/options.js';
export * from './config/validate.js';
export { sectionValues } from './config/section-values.js';

// models: what a model plugin builds, and the blocks it builds from
export * from './model/face-swap-model.js';
export * from './model/blocks.js';
export * from './model/pixel-shuffle.js';

// images: pixel types and the geometry, resampling, colour and mask helpers plugins build on
export * from './image/image.js';
export * from './image/rgb-pixels.js';
export * from './image/pixel-grid.js';
export * from './image/warp-affine-area.js';
export * from './image/affine.js';
export { remap, sampleBilinearReplicate } from './image/bilinear.js';
export { rgbToLab, labToRgb, powFiveTwelfths } from './image/lab.js';
export { convexHull, insideConvexPolygon } from './image/convex-hull.js';
export { fillPolygon } from './image/fill-polygon.js';
export { dilateMask } from './image/dilate-mask.js';
export { planeSsim } from './image/ssim.js';
export { blurMask, oddKernel, gaussianSigmaForKernel } from './image/blur-mask.js';
export { thresholdMask } from './image/threshold-mask.js';
export { wholeFaceMask } from './image/whole-face-mask.js';

// faces and files: what plugins that train their own networks use (face files and sets, sample faces, atomic writes, weights files)
export type { FaceRecord } from './data/face-record.js';
export { readFaceFile, FACE_METADATA_KEYWORD } from './data/face-file.js';
export { loadFaceSet, listFaceFiles, MIN_FACES } from './data/face-set.js';
export * from './data/face-metadata.js';
export { FACE_PARTS_68, indexRange } from './data/face-parts.js';
export * from './data/resize-image.js';
export * from './io/atomic.js';
export * from './io/weights-file.js';
export { readKerasWeights, layerWeights, type KerasWeights, type LayerWeight, type ReadKerasWeightsOptions } from './io/keras-weights.js';
export * from './samples/sample-faces.js';

// the host: assembling a forge from installed plugins
export * from './plugin/discover.js';
export { Forge } from './forge.js';
export { createForge, findInstalledPlugins, pluginReport, type CreateForgeOptions, type ForgePluginReport, type PluginFailure, type PluginSource } from './create-forge.js';
