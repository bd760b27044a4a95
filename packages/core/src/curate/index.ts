/** Curation: what `faceforge sort` and `faceforge select` do with a folder of extracted faces. */
export * from './face-facts.js';
export * from './eye-angle-score.js';
export * from './identity-similarity.js';
export * from './sharpness.js';
export * from './image-hash.js';
export * from './mouth-open.js';
export * from './sort-faces.js';
export * from './rename-in-order.js';
export * from './select-faces.js';
export * from './pose-spread.js';
export * from './copy-faces.js';
