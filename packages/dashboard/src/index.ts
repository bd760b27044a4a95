/** `@faceforge/dashboard`: the local web app of `faceforge dashboard` and `faceforge train --dashboard`. */
export { startDashboard, type Dashboard, type DashboardOptions } from './dashboard-server.js';
export { forwardTrainingHooks, listenForSaveRequests, DASHBOARD_EVENTS_ENV, type TrainingEvent } from './training-events.js';
export { stopWhenDashboardGone } from './parent-gone.js';
export { ServedFolders, OutsideServedFoldersError } from './served-folders.js';
export { MODEL_INI } from './config-form.js';
export { EventHub, type DashboardEvent } from './event-hub.js';
export { FolderWatcher } from './folder-watcher.js';
