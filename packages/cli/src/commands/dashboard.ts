import { Flags } from '@oclif/core';
import { startDashboard } from '@faceforge/dashboard';
import { folderFlag } from '../path-flags.js';
import { BaseCommand } from '../base-command.js';
import { presetsDir } from '../forge-loader.js';
import { packStore, pullPack, registryFlag } from '../pack-support.js';
import { FACEFORGE_BIN } from '../faceforge-bin.js';

export default class Dashboard extends BaseCommand {
  static override summary = 'A local web app: watch, start and stop training, browse models, packs and faces.';
  static override description = 'Listens on 127.0.0.1 only and prints an address with a random access token: nothing is served without it, and nothing outside the --models, --faces and --media folders and the pack store can be read through it. Training started from the page runs `faceforge train` (stop = Ctrl-C: it saves and exits); runs started elsewhere are followed by watching their model folders.';
  static override examples = ['<%= config.bin %> dashboard --models models --faces faces'];

  static override flags = {
    port: Flags.integer({ default: 8686, min: 0, max: 65535, description: 'Port on 127.0.0.1 (0: any free port).' }),
    models: folderFlag({ multiple: true, exists: true, description: 'Folder of model folders (or one model folder); repeatable. Default: the current folder.' }),
    faces: folderFlag({ multiple: true, exists: true, description: 'Folder of extracted faces (or of such folders); repeatable.' }),
    media: folderFlag({ multiple: true, exists: true, description: 'Folder of videos or image folders to convert from the page (outputs go to its converted/ folder); repeatable.' }),
    registry: registryFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Dashboard);
    await this.useBackend({});
    const forge = await this.forge();
    const dashboard = await startDashboard({
      forge, models: flags.models ?? [process.cwd()], faces: flags.faces ?? [], media: flags.media ?? [], packStore: packStore(), port: flags.port,
      trainCommand: { bin: FACEFORGE_BIN }, presetsDir: presetsDir(),
      registry: { location: flags.registry, pull: async (kind, spec) => {
        const stored = await pullPack(kind, spec, flags.registry, this.logger);
        return { name: stored.name, version: stored.version, added: stored.added };
      } },
    });
    this.log(`dashboard: ${dashboard.url}`);
    this.log('Ctrl-C stops it (and, cleanly, any training it started).');
    await new Promise<void>((done) => {
      const quit = () => {
        process.off('SIGINT', quit);
        process.off('SIGTERM', quit);
        void dashboard.close().then(done);
      };
      process.on('SIGINT', quit);
      process.on('SIGTERM', quit);
    });
  }
}
