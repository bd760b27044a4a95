// The srgan plugin through the public plugin harness (@faceforge/core/testing): its presets name only
// keys of [upscaler.srgan], with values its schema allows.
import { testPresets } from '@faceforge/core/testing';
import plugin from './index.js';

testPresets(plugin);
