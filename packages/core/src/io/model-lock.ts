/**
 * One writer per model folder: every command that writes a model (train, restore, model reset,
 * decoder import/swap, encoder pack/season) holds `.faceforge.lock` in the folder while it runs.
 * The lock names its holder (pid, host, start time, command) so a refused second writer can say
 * who is in the way. A lock whose process is dead on this host (a kill -9, a crash) is stale and
 * is taken over, with a note; a lock from another host cannot be checked and is never taken.
 *
 * The lock file is created complete and atomically: its content goes to a private file first,
 * which is then hard-linked to the lock name (link fails if the name exists, like O_EXCL, and a
 * reader never sees a half-written lock).
 */
import { link, mkdir, readFile, readdir, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { readFileSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { ModelFileError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

export const LOCK_FILE = '.faceforge.lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  started: string;
  /** The command that holds it, e.g. 'train', 'restore'. */
  command: string;
}

/** A second writer was refused: `holder` holds the model. */
export class ModelLockedError extends ModelFileError {
  constructor(readonly dir: string, readonly holder: LockHolder) {
    super(
      `${dir} is being written by another process: ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.started}). ` +
        `Wait for it to finish or stop it. If no faceforge process is using the folder${holder.host === hostname() ? '' : ` on ${holder.host}`}, delete ${join(dir, LOCK_FILE)}.`,
    );
  }
}

export interface ModelLock {
  dir: string;
  holder: LockHolder;
  release(): Promise<void>;
}

/** Folders this process holds, so its own reads of them may finish an interrupted commit. */
const held = new Set<string>();

export function holdsModelLock(dir: string): boolean {
  return held.has(resolve(dir));
}

/** The fields of /proc/<pid>/stat after the command name (state first), on Linux. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** A killed process its parent has not reaped yet still answers kill(pid, 0); on Linux its state says so. */
function isZombie(pid: number): boolean {
  return procStat(pid)?.[0] === 'Z';
}

/** When process `pid` started (ms since the epoch), on Linux: /proc gives clock ticks (USER_HZ, 100) since boot. */
function processStart(pid: number): number | undefined {
  const ticks = Number(procStat(pid)?.[19]);
  const boot = /^btime (\d+)$/m.exec((() => {
    try {
      return readFileSync('/proc/stat', 'utf8');
    } catch {
      return '';
    }
  })());
  return Number.isFinite(ticks) && boot ? (Number(boot[1]) + ticks / 100) * 1000 : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as LockHolder;
    return Number.isInteger(value.pid) && typeof value.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A holder that can no longer be writing: its process is gone from this host, or its pid now
 * belongs to a process started after the lock was taken (pids are reused). Unreadable locks are stale too.
 */
function isStale(holder: LockHolder | undefined): boolean {
  if (!holder) return true;
  if (holder.host !== hostname()) return false;
  if (!isAlive(holder.pid)) return true;
  const started = processStart(holder.pid);
  // 2 s of slack: btime and the lock's clock reading are whole seconds apart at worst.
  return started !== undefined && started > Date.parse(holder.started) + 2000;
}

/** The live writer of `dir`, if any (a stale lock does not count). */
export async function liveModelWriter(dir: string): Promise<LockHolder | undefined> {
  const text = await readFile(join(dir, LOCK_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const holder = parseHolder(text);
  return isStale(holder) ? undefined : holder;
}

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException).code === code;

/**
 * Replaces the stale lock whose content was `staleText` by `mine` (a private file holding our lock).
 * A guard file makes two processes that both found it stale take turns; the lock is re-read under
 * the guard, so only one of them replaces it. Returns false when someone else got there first.
 */
async function replaceStaleLock(lockPath: string, staleText: string, mine: string): Promise<boolean> {
  const guard = `${lockPath}.takeover`;
  try {
    await link(mine, guard);
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
    // A takeover killed half-way leaves its guard: clear it when its process is gone.
    const guardText = await readFile(guard, 'utf8').catch(() => undefined);
    if (guardText !== undefined && isStale(parseHolder(guardText))) await unlink(guard).catch(() => undefined);
    return false;
  }
  try {
    const current = await readFile(lockPath, 'utf8').catch(() => undefined);
    if (current !== staleText) return false;
    await rename(mine, lockPath);
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

/**
 * Takes the lock of model folder `dir` for `command` (creating the folder if needed), or throws
 * ModelLockedError naming the live holder. A stale lock is taken over with a note in `log`.
 */
export async function acquireModelLock(dir: string, command: string, log?: Logger): Promise<ModelLock> {
  const folder = resolve(dir);
  const created = await mkdir(folder, { recursive: true });
  const lockPath = join(folder, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command };
  const text = JSON.stringify(holder);
  const mine = join(folder, `${LOCK_FILE}.new-${process.pid}-${Math.random().toString(36).slice(2)}`);
  await writeFile(mine, text);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await link(mine, lockPath);
        break;
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      const current = await readFile(lockPath, 'utf8').catch(() => undefined);
      const other = current === undefined ? undefined : parseHolder(current);
      if (other && !isStale(other)) throw new ModelLockedError(folder, other);
      if (current !== undefined && (await replaceStaleLock(lockPath, current, mine))) {
        log?.warn(
          other
            ? `${folder}: took over the lock of ${other.command} (pid ${other.pid}, since ${other.started}), which is no longer running`
            : `${folder}: replaced an unreadable lock file`,
        );
        break;
      }
      // Released meanwhile, or another process is taking the stale lock over: look again shortly.
      if (attempt === 10) throw new ModelLockedError(folder, other ?? { pid: 0, host: 'unknown', started: 'unknown', command: 'another process' });
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
    }
  } finally {
    await unlink(mine).catch(() => undefined);
  }
  held.add(folder);

  // A process that exits without releasing (process.exit, an uncaught error) still frees the folder;
  // only a kill leaves the lock, which the next writer finds stale.
  const onExit = () => {
    try {
      if (readFileSync(lockPath, 'utf8') === text) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  process.on('exit', onExit);
  let released = false;
  return {
    dir: folder,
    holder,
    release: async () => {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      held.delete(folder);
      if ((await readFile(lockPath, 'utf8').catch(() => undefined)) === text) await unlink(lockPath).catch(() => undefined);
      // A folder made only to hold the lock (a run refused before its first save) goes again.
      if (created && (await readdir(folder).catch(() => ['?'])).length === 0) await rmdir(folder).catch(() => undefined);
    },
  };
}

/** Runs `fn` holding the lock of `dir`; releases it however `fn` ends. */
export async function withModelLock<T>(dir: string, command: string, fn: () => Promise<T>, log?: Logger): Promise<T> {
  const lock = await acquireModelLock(dir, command, log);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
