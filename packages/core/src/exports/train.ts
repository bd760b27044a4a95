/** `@faceforge/core/train`: Training and model folders for commands: train, restore, snapshots, model files, replacing and resetting parts, the one-writer lock. */
export * from '../model/model-files.js';
export * from '../model/build-model.js';
export * from '../model/replace-parts.js';
export * from '../model/reset-parts.js';
export * from '../train/model-state.js';
export * from '../train/trainer.js';
export * from '../train/restore.js';
export { LOSS_BACKUP_ID, RESTORE_POINTS_DIR, type RestorePoint } from '../model/restore-points.js';
export * from '../train/snapshot.js';
export * from '../io/commit-files.js';
export * from '../io/model-lock.js';
export * from '../validate/validation-record.js';
export * from '../validate/training-validation.js';
export * from '../validate/identity-validator.js';
export * from '../validate/held-out-faces.js';
export * from '../validate/image-ssim.js';
