/**
 * Follows runs started elsewhere (another terminal, another dashboard): polls each model folder's
 * state.json, latest preview and lock, and tells the pages when one changed. Polling, not fs.watch:
 * it behaves the same on network and container filesystems, and a few stats a second cost nothing.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCK_FILE, STATE_FILE } from '@faceforge/core/train';
import type { EventHub } from './event-hub.js';
import { listModelRefs, modelDir, modelId } from './model-catalog.js';
import type { ServedFolders } from './served-folders.js';

const mtime = (path: string) => stat(path).then((s) => s.mtimeMs, () => 0);

export class FolderWatcher {
  private readonly seen = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(private readonly folders: ServedFolders, private readonly hub: EventHub, private readonly intervalMs = 1000) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    void this.poll();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One look at every model folder; publishes what changed since the last look. */
  async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const refs = await listModelRefs(this.folders);
      const ids = new Set(refs.map(modelId));
      let listChanged = [...this.seen.keys()].some((id) => !ids.has(id));
      for (const id of [...this.seen.keys()]) if (!ids.has(id)) this.seen.delete(id);
      for (const ref of refs) {
        const dir = modelDir(this.folders, ref);
        const signature = (await Promise.all([STATE_FILE, join('previews', 'latest.png'), LOCK_FILE].map((name) => mtime(join(dir, name))))).join(':');
        const id = modelId(ref);
        const before = this.seen.get(id);
        this.seen.set(id, signature);
        if (before === undefined) listChanged = true;
        else if (before !== signature) this.hub.publish({ type: 'model', model: id });
      }
      if (listChanged) this.hub.publish({ type: 'models' });
    } finally {
      this.busy = false;
    }
  }
}
