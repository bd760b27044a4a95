/**
 * @faceforge/core/testing: a test harness for plugin authors (in the spirit of ESLint's RuleTester).
 * Each function registers node:test tests, so a plugin's test file is one call per thing it ships:
 *
 *   import { testModelPlugin, testPresets } from '@faceforge/core/testing';
 *   import plugin from '../index.js';
 *   testModelPlugin(plugin, { model: 'tiny', expectedParameters: 41_000 });
 *   testPresets(plugin);
 *
 * It ships real faces (two people, 25 each, 64 px, with landmarks), so no test data is needed.
 * Core's main entry never imports this module.
 */
export { testModelPlugin, type ModelPluginTestOptions } from './model-harness.js';
export { testLoss, lossInput, type LossCase, type LossInput, type LossOracle, type LossTestOptions } from './loss-harness.js';
export { testAugmentation, type AugmentationCase, type AugmentationTestOptions } from './augmentation-harness.js';
export { testMask, type MaskTestOptions } from './mask-harness.js';
export { testPresets, type PresetTestOptions } from './preset-harness.js';
export { harnessForge, trainingPlugins, type HostOptions } from './host.js';
export { loadTestingFaces, testingFaces, TESTING_FACES_DIR, TESTING_FACE_SIZE } from './faces.js';
export { smoothTestImage, dotImage, centroid, maxAbsDifference } from './test-images.js';
export { meanFaceLandmarks } from './mean-face-landmarks.js';
export { hullMask } from './hull-mask.js';
export { writeKerasH5Weights, type KerasLayerToWrite } from './keras-h5-file.js';
