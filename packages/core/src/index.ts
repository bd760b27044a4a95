export * from './util/rng.js';
export * from './data/image.js';
