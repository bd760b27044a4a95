#!/usr/bin/env node
// The faceforge command line. Compiled commands live in dist/commands.
import { Config, execute, settings } from '@oclif/core';
import { faceforgeDirs } from '@faceforge/packs';

// Run the shipped dist/ code, never TypeScript sources through a transpiler.
settings.enableAutoTranspile = false;
// oclif's own folders (its caches: command completion) are faceforge's home, as everything else is.
const config = await Config.load(import.meta.url);
const dirs = faceforgeDirs();
config.dataDir = dirs.data.path;
config.configDir = dirs.config.path;
config.cacheDir = dirs.cache.path;
await execute({ loadOptions: config });
