/** The faceforge bin script: what the dashboard runs for the training and convert jobs it starts. */
import { fileURLToPath } from 'node:url';

export const FACEFORGE_BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url));
