/**
 * Extracts a pack into a folder, all or nothing: the archive is verified in memory first
 * (inspect-pack), the files are written and fsynced into a fresh temp folder beside the target (on
 * the same file system), and only then is the temp folder renamed into place. A failure at any
 * point removes the temp folder, so the target either appears complete or not at all.
 */
import { mkdir, mkdtemp, open, rename, rm, access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDirectory } from '../io/atomic.js';
import { PackError } from '../util/errors.js';
import { readPack, type InspectPackOptions, type ReadPack } from './inspect-pack.js';

export interface ExtractPackOptions extends InspectPackOptions {
  /** The folder to create; it must not exist yet. */
  into: string;
  /** Folder for the temp folder: must be on the same file system as `into` (the store's .tmp). */
  tempRoot: string;
  /** More files to write beside the pack's own (the archive itself, store metadata). */
  extraFiles?: Record<string, Uint8Array | string>;
}

async function writeSynced(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

export async function extractPack(archive: Uint8Array, options: ExtractPackOptions): Promise<ReadPack> {
  const pack = readPack(archive, options);
  if (await exists(options.into)) throw new PackError(`${options.source}: ${options.into} already exists`);
  await mkdir(options.tempRoot, { recursive: true });
  const temp = await mkdtemp(join(options.tempRoot, `extract-${process.pid}-`));
  try {
    for (const [name, data] of pack.files) await writeSynced(join(temp, name), data);
    for (const [name, data] of Object.entries(options.extraFiles ?? {})) {
      if (pack.files.has(name)) throw new PackError(`${options.source}: the pack holds '${name}', a name the store uses for itself`);
      await writeSynced(join(temp, name), data);
    }
    await fsyncDirectory(temp);
    await mkdir(dirname(options.into), { recursive: true });
    // rename() of a folder onto an existing non-empty folder fails, so two concurrent extractions
    // of the same version cannot mix their files: one wins, the other gets the error below.
    await rename(temp, options.into).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') throw new PackError(`${options.source}: ${options.into} already exists`);
      throw error;
    });
    await fsyncDirectory(dirname(options.into));
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return pack;
}
