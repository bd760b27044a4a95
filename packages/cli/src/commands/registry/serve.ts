import { Flags } from '@oclif/core';
import { startRegistryServer, registryPaths, DEFAULT_MAX_UPLOAD_BYTES } from '@faceforge/registry';
import { BaseCommand } from '../../base-command.js';

const MIB = 1024 * 1024;

export default class RegistryServe extends BaseCommand {
  static override summary = 'Run a pack registry server on a directory.';
  static override description =
    'Serves DIR/public (index.json and pack archives) read-only and takes publishes, deprecations and yanks on /api/v1 with a bearer token ' +
    '(see `registry token add`). DIR/private holds owners and hashed tokens and is never served. DIR/public can also be mirrored to any static host. ' +
    'Ctrl-C or SIGTERM stops it.';
  static override examples = ['<%= config.bin %> registry serve --dir /srv/faceforge-registry --port 8080'];
  static override flags = {
    dir: Flags.directory({ char: 'd', required: true, description: 'Registry directory (created if missing).' }),
    port: Flags.integer({ char: 'p', default: 4873, min: 0, max: 65535, description: 'Port (0: any free port).' }),
    host: Flags.string({ default: '127.0.0.1', description: 'Address to listen on (0.0.0.0 for every interface).' }),
    'max-upload-mb': Flags.integer({ default: DEFAULT_MAX_UPLOAD_BYTES / MIB, min: 1, description: 'Largest pack archive accepted, in MiB.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(RegistryServe);
    const running = await startRegistryServer({ dir: flags.dir, port: flags.port, host: flags.host, maxUploadBytes: flags['max-upload-mb'] * MIB, logger: this.logger });
    const paths = registryPaths(flags.dir);
    this.log(`faceforge registry at ${running.url} (serving ${paths.publicDir}; uploads up to ${flags['max-upload-mb']} MiB)`);
    const signal = await new Promise<string>((resolve) => {
      const stop = (name: string) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(name);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    this.log(`${signal}: finishing open requests and stopping`);
    // uploads in flight get a few seconds; then the rest is cut
    const force = setTimeout(() => running.server.closeAllConnections(), 5000);
    await running.close();
    clearTimeout(force);
  }
}
