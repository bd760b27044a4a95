/**
 * Convert writes next to nothing it reads: an output that is, contains or lies inside the input
 * would overwrite the source frames in place (and strip their face metadata), or feed a later run
 * its own output. Paths are compared after following symlinks, so `faces`, `./faces/` and a link
 * to it are the same folder.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConvertError } from '../util/errors.js';

/** The real path of `path`, which need not exist yet: its deepest existing folder, resolved, plus the rest. */
async function realPathOf(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(await realPathOf(parent), basename(absolute));
  }
}

/** `inner` is `outer` or lies inside it. */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Throws before anything is written when `output` (where the writer writes) overlaps `input`. */
export async function checkOutputApartFromInput(input: string, output: string): Promise<void> {
  const [source, target] = [await realPathOf(input), await realPathOf(output)];
  const relation = source === target ? 'is' : within(target, source) ? 'is inside' : within(source, target) ? 'contains' : undefined;
  if (!relation) return;
  throw new ConvertError(
    `refused: the output ${output} ${relation} the input ${input}${source === target ? '' : ` (${target} and ${source})`}: ` +
      'converting would overwrite the source images or mix the output into them. Write to a folder outside the input; nothing was written.',
  );
}
