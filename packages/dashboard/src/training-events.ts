/**
 * What a training run tells the dashboard, taken from the trainer's hooks. The same taps serve a
 * run in the dashboard's own process (`train --dashboard`) and a run it started as a child process
 * (`faceforge train` with FACEFORGE_DASHBOARD_EVENTS=1 sends them over the IPC channel).
 */
import type { ForgeHooks } from '@faceforge/core';

export type TrainingEvent =
  | { type: 'step'; iteration: number; lossA: number; lossB: number; egPerSec: number }
  | { type: 'save'; iteration: number }
  | { type: 'preview'; iteration: number };

/** Set in the environment of a `faceforge train` the dashboard starts: send hook events to the parent. */
export const DASHBOARD_EVENTS_ENV = 'FACEFORGE_DASHBOARD_EVENTS';

export function forwardTrainingHooks(hooks: ForgeHooks, emit: (event: TrainingEvent) => void): void {
  const name = 'dashboard';
  hooks.afterStep.tap(name, (step) => emit({ type: 'step', iteration: step.iteration, lossA: step.lossA, lossB: step.lossB, egPerSec: step.egPerSec }));
  hooks.afterSave.tapPromise(name, async (save) => emit({ type: 'save', iteration: save.iteration }));
  hooks.preview.tapPromise(name, async (preview) => emit({ type: 'preview', iteration: preview.iteration }));
}

export function isTrainingEvent(value: unknown): value is TrainingEvent {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'step' || type === 'save' || type === 'preview';
}

/** What the dashboard asks of a run it started, over the IPC channel. */
export type TrainingCommand = { type: 'save' };

/**
 * In a `faceforge train` started by a dashboard: the parent's Save requests, as a flag the trainer
 * reads after each step. The channel is unref'd so it never keeps the run alive by itself.
 */
export function listenForSaveRequests(): () => boolean {
  let requested = false;
  process.on('message', (message: unknown) => {
    if ((message as TrainingCommand | null)?.type === 'save') requested = true;
  });
  process.channel?.unref();
  return () => {
    const answer = requested;
    requested = false;
    return answer;
  };
}
