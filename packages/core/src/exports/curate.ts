/** `@faceforge/core/curate`: Curation for commands: sort, select and the measures behind them. */
export * from '../curate/index.js';
