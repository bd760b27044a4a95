/**
 * Serialises writes to a registry directory: a queue inside this process and a lock file across
 * processes (the server and `faceforge registry token add` may run at once). A lock left by a
 * process that died is taken over.
 */
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { RegistryError } from '@faceforge/packs';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class StoreLock {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Runs `task` while holding the lock; tasks run one at a time in call order. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => this.holding(task));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async holding<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      await unlink(this.path).catch(() => undefined);
    }
  }

  private async acquire(): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    await mkdir(dirname(this.path), { recursive: true });
    for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
      try {
        const handle = await open(this.path, 'wx');
        await handle.writeFile(`${process.pid} ${hostname()}\n`);
        await handle.close();
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = (await readFile(this.path, 'utf8').catch(() => '')).trim();
      const [pid, host] = holder.split(' ');
      if (host === hostname() && Number(pid) > 0 && !isAlive(Number(pid))) {
        await unlink(this.path).catch(() => undefined); // its holder died
        continue;
      }
      if (Date.now() > deadline) {
        throw new RegistryError(`${this.path}: the registry directory is locked by process ${holder || '(unknown)'}; if no faceforge registry process is running, delete this file`, 503);
      }
      await sleep(wait);
    }
  }
}
