/**
 * Face tracking between detections, the same flags for extract and on-the-fly convert: how often
 * the detector runs, and when a followed face counts as lost and is detected again (core's
 * TrackingOptions; the defaults are core's DEFAULT_TRACKING).
 */
import { Flags } from '@oclif/core';
import { DEFAULT_TRACKING, type TrackingOptions } from '@faceforge/core/extract';
import { positiveNumber } from './number-flags.js';

/** `context` opens the --detect-every help (convert: 'On-the-fly detection'). */
export function trackingFlags(context?: string) {
  return {
    'detect-every': Flags.integer({ default: 1, min: 1, description: `${context ? `${context}: run` : 'Run'} the face detector on every k-th frame and track the faces between (re-detecting when a face is lost); 1: detect on every frame. 16 suits talking-head footage.` }),
    'track-fit-shift': positiveNumber({ default: DEFAULT_TRACKING.maxFitShift, description: 'With --detect-every: detect again when the landmark fit moves a followed face\'s box by more than this share of its side.' }),
    'track-identity-drift': positiveNumber({ default: DEFAULT_TRACKING.maxIdentityDrift, description: 'With --detect-every: detect again when a followed face\'s descriptor lies further than this from its descriptor at detection (0.6 separates people).' }),
  };
}

/** The tracking options the flags ask for; false when the detector runs on every frame. */
export function trackingFrom(flags: { 'detect-every': number; 'track-fit-shift': number; 'track-identity-drift': number }): TrackingOptions | false {
  if (flags['detect-every'] <= 1) return false;
  return { detectEvery: flags['detect-every'], maxFitShift: flags['track-fit-shift'], maxIdentityDrift: flags['track-identity-drift'] };
}
