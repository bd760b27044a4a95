export * from './progress.js';
export { loadForge, presetsDir } from './forge-loader.js';
