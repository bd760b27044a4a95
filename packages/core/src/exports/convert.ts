/** `@faceforge/core/convert`: Convert for commands: the converter, face locators, frame ranges and readers, face geometry and paste-back. */
export * from '../convert/converter.js';
export * from '../convert/face-locator.js';
export { AlignmentsLocator } from '../convert/alignments-locator.js';
export { DetectingLocator, locatedFromDetection } from '../convert/detecting-locator.js';
export { defaultFaceLocator, type LocatorChoice } from '../convert/default-locator.js';
export * from '../media/frame-numbers.js';
export * from '../convert/media-info.js';
export { readFrames, videoFrameName } from '../convert/frame-reader.js';
export { modelFaceMatrix, modelCropRect, cropMatrix, composeAffine, extractFace, extractFromFrame } from '../convert/face-geometry.js';
export type { ModelFraming } from '../convert/model-framing.js';
export { pasteFace, faceFootprint } from '../convert/paste-back.js';
export { baseMask, blendMask, edgeFadeMask, convertMaskSection } from '../convert/convert-mask.js';
export { loadTrainedModel, type TrainedModel } from '../convert/trained-model.js';
export { swapBatch } from '../convert/swapper.js';
