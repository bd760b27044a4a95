/**
 * Taking a plugin's taps back: tapable has no public way to untap, so the host records each hook's
 * taps and interceptors before `apply` and puts them back if `apply` throws.
 */
import type { ForgeHooks } from './forge-hooks.js';

/** What tapable keeps per hook. */
interface TapList {
  taps: unknown[];
  interceptors: unknown[];
  _resetCompilation?: () => void;
}

export type TapSnapshot = Map<TapList, { taps: unknown[]; interceptors: unknown[] }>;

export function snapshotTaps(hooks: ForgeHooks): TapSnapshot {
  return new Map(Object.values(hooks as unknown as Record<string, TapList>).map((hook) => [hook, { taps: [...hook.taps], interceptors: [...hook.interceptors] }]));
}

export function restoreTaps(saved: TapSnapshot): void {
  for (const [hook, before] of saved) {
    if (hook.taps.length === before.taps.length && hook.interceptors.length === before.interceptors.length) continue;
    hook.taps = before.taps;
    hook.interceptors = before.interceptors;
    hook._resetCompilation?.();
  }
}
