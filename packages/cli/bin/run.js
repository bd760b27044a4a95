#!/usr/bin/env node
// The faceforge command line. Compiled commands live in dist/commands.
import { execute, settings } from '@oclif/core';

// Run the shipped dist/ code, never TypeScript sources through a transpiler.
settings.enableAutoTranspile = false;
await execute({ dir: import.meta.url });
