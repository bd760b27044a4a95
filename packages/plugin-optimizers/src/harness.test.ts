// The optimizer plugin's presets checked with the public plugin harness (@faceforge/core/testing):
// each names only [global.optimizer] keys and validates against the section built from the registry.
import { testPresets } from '@faceforge/core/testing';
import plugin from './index.js';

testPresets(plugin);
