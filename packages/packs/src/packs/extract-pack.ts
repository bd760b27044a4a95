/**
 * Extracts a pack into a folder, all or nothing: the archive is verified first without writing
 * anything (inspect-pack, streaming), then read again with each file streamed into a fresh temp
 * folder beside the target (on the same file system) and checked again on the way, fsynced, and
 * only then is the temp folder renamed into place. A failure at any point removes the temp folder,
 * so the target either appears complete or not at all.
 */
import { copyFile, mkdir, mkdtemp, open, rename, rm, access, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDirectory } from '../io/atomic.js';
import { PackError } from '../util/errors.js';
import { isArchiveFile, type PackArchive } from './archive-input.js';
import { inspectPack, verifyPack, type InspectPackOptions, type InspectedPack } from './inspect-pack.js';

export interface ExtractPackOptions extends InspectPackOptions {
  /** The folder to create; it must not exist yet. */
  into: string;
  /** Folder for the temp folder: must be on the same file system as `into` (the store's .tmp). */
  tempRoot: string;
  /** More files to write beside the pack's own (store metadata). */
  extraFiles?: Record<string, Uint8Array | string>;
  /** Also keep a copy of the archive itself under this name. */
  archiveCopy?: string;
  /** What an earlier inspectPack of this same archive found: the first pass is skipped. */
  inspected?: InspectedPack;
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

async function writeArchiveCopy(archive: PackArchive, path: string): Promise<void> {
  if (!isArchiveFile(archive)) return writeSynced(path, archive);
  await copyFile(archive.path, path);
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Streams every file of the archive into `folder`, verified on the way; returns what was found. */
async function writePackFiles(archive: PackArchive, options: InspectPackOptions, folder: string): Promise<InspectedPack> {
  const openFiles: FileHandle[] = [];
  try {
    return await verifyPack(archive, options, async (name) => {
      const handle = await open(join(folder, name), 'wx', 0o644);
      openFiles.push(handle);
      return {
        write: async (chunk) => {
          await handle.write(chunk);
        },
        end: async () => {
          await handle.sync();
          await handle.close();
          openFiles.splice(openFiles.indexOf(handle), 1);
        },
      };
    });
  } finally {
    await Promise.all(openFiles.map((handle) => handle.close().catch(() => undefined)));
  }
}

export async function extractPack(archive: PackArchive, options: ExtractPackOptions): Promise<InspectedPack> {
  const first = options.inspected ?? (await inspectPack(archive, options));
  if (await exists(options.into)) throw new PackError(`${options.source}: ${options.into} already exists`);
  await mkdir(options.tempRoot, { recursive: true });
  const temp = await mkdtemp(join(options.tempRoot, `extract-${process.pid}-`));
  try {
    const limits = { source: options.source, maxEntryBytes: options.maxEntryBytes, maxTotalBytes: options.maxTotalBytes, maxEntries: options.maxEntries };
    const pack = await writePackFiles(archive, limits, temp);
    if (pack.sha512 !== first.sha512) throw new PackError(`${options.source}: the archive changed while it was being extracted (${first.sha512}, then ${pack.sha512}); nothing was installed`);
    const names = new Set(pack.manifest.files.map((f) => f.path));
    const extras = Object.entries(options.extraFiles ?? {});
    for (const name of [...extras.map(([n]) => n), ...(options.archiveCopy ? [options.archiveCopy] : [])]) {
      if (names.has(name) || name === 'manifest.json') throw new PackError(`${options.source}: the pack holds '${name}', a name the store uses for itself`);
    }
    for (const [name, data] of extras) await writeSynced(join(temp, name), data);
    if (options.archiveCopy) await writeArchiveCopy(archive, join(temp, options.archiveCopy));
    await fsyncDirectory(temp);
    await mkdir(dirname(options.into), { recursive: true });
    // rename() of a folder onto an existing non-empty folder fails, so two concurrent extractions
    // of the same version cannot mix their files: one wins, the other gets the error below.
    await rename(temp, options.into).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') throw new PackError(`${options.source}: ${options.into} already exists`);
      throw error;
    });
    await fsyncDirectory(dirname(options.into));
    return pack;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}
