/**
 * `@faceforge/core/testing`: what plugin authors test with. Core's main entry never loads it.
 */
export { smoothTestImage, dotImage, centroid, maxAbsDifference } from './test-images.js';
export { meanFaceLandmarks } from './mean-face-landmarks.js';
