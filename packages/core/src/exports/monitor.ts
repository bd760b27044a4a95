/** `@faceforge/core/monitor`: What people look at: previews, loss graphs, the session table, timelapse frames. */
export * from '../monitor/preview.js';
export * from '../monitor/loss-graph.js';
export { formatSessionTable, formatElapsed, egPerSecond } from '../monitor/session-table.js';
export * from '../monitor/timelapse.js';
