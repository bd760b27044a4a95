/**
 * Path flags, normalised once at the CLI boundary: `models/x`, `models/x/`, `./models/x`, an
 * absolute path and one through `..` all reach core as the same absolute path.
 */
import { Flags } from '@oclif/core';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

/** A folder flag whose value is an absolute, normalised path; `exists: true` requires a folder there. */
export const folderFlag = Flags.custom<string, { exists?: boolean }>({
  parse: async (input, _context, options) => {
    const path = resolve(input);
    if (options.exists && !(await stat(path).then((s) => s.isDirectory(), () => false))) throw new Error(`No directory found at ${input}`);
    return path;
  },
});

/** A file or folder flag (an input or output that may be either), as an absolute, normalised path. */
export const pathFlag = Flags.custom<string>({ parse: async (input) => resolve(input) });
