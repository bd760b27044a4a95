/** oclif's own folders (its caches: command completion) are faceforge's home, as everything else is (@faceforge/packs faceforge-dirs.ts). */
import type { Hook } from '@oclif/core';
import { faceforgeDirs } from '@faceforge/packs';

const hook: Hook<'init'> = async function (options) {
  const dirs = faceforgeDirs();
  const wanted = { dataDir: dirs.data.path, configDir: dirs.config.path, cacheDir: dirs.cache.path };
  const envVars = { dataDir: 'FACEFORGE_DATA_DIR', configDir: 'FACEFORGE_CONFIG_DIR', cacheDir: 'FACEFORGE_CACHE_DIR' } as const;
  for (const key of Object.keys(wanted) as Array<keyof typeof wanted>) {
    if (options.config[key] === wanted[key]) continue;
    // Commands run through Command.run() load oclif's config again, from the environment: set it
    // there too (only where oclif's default differs, e.g. under FACEFORGE_HOME).
    process.env[envVars[key]] = wanted[key];
  }
  // read-only in oclif's types, plain fields of the Config this run's commands get
  Object.assign(options.config, wanted);
};

export default hook;
