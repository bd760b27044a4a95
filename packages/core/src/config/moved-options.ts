/**
 * Options that moved to another section. An ini file written before the move still reads: the
 * value is taken from its old section into its new one, unless the new one sets it too.
 */
export const MOVED_OPTIONS: ReadonlyArray<{ key: string; from: string; to: string }> = [
  // The preview is the trainer's (core reads it); it sat with the augmentation options until the augmentation became a plugin.
  { key: 'preview_images', from: 'trainer.augmentation', to: 'global' },
];

/** Moves each moved option found in `raw` (section id → raw values) to its new section, in place. */
export function moveOptions(raw: Record<string, Record<string, unknown>>): void {
  for (const { key, from, to } of MOVED_OPTIONS) {
    const old = raw[from];
    if (!old || !(key in old) || !raw[to]) continue;
    if (!(key in raw[to]!)) raw[to]![key] = old[key];
    delete old[key];
  }
}
