/** `@faceforge/core/masks`: `faceforge mask` and `mask train`: storing masks in faces, training pairs, the landmark masks the registry offers. */
export * from '../masks/landmark-masks.js';
export * from '../masks/mask-training-pairs.js';
export * from '../masks/add-masks.js';
