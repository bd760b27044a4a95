import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point } from '../data/image.js';
import { meanFaceLandmarks } from '../testing/mean-face-landmarks.js';
import { transformPoints } from '../image/affine.js';
import { estimatePose, projectPoint, rodrigues } from './pose.js';
import { MEAN_FACE_3D_26, POSE_LANDMARKS } from './mean-face.js';
import { legacyMatrix } from './align-face.js';

type M3 = Parameters<typeof projectPoint>[1];
const FRONTAL: M3 = [-1, 0, 0, 0, -1, 0, 0, 0, 1]; // the 3-D model's x and y point left and up
function times(a: M3, b: M3): M3 {
  const out = new Array(9).fill(0) as M3;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[r * 3 + c] += a[r * 3 + k]! * b[k * 3 + c]!;
  return out;
}
const rad = (d: number) => (d * Math.PI) / 180;

/** 68 landmarks whose 26 pose points are the exact projection of the 3-D head at a known pose. */
function projectedLandmarks(rotation: M3, translation: [number, number, number]): Point[] {
  const landmarks: Point[] = Array.from({ length: 68 }, () => [0.5, 0.5]);
  POSE_LANDMARKS.forEach((index, i) => (landmarks[index] = projectPoint(MEAN_FACE_3D_26[i]!, rotation, translation)));
  return landmarks;
}

test('pose: a projected head at a known yaw and pitch is recovered, with its centering offsets', () => {
  for (const [yaw, pitch] of [[0, 0], [25, 0], [-30, 10], [10, -15]] as const) {
    const rotation = times(times(rodrigues([0, rad(yaw), 0]), rodrigues([rad(pitch), 0, 0])), FRONTAL);
    const translation: [number, number, number] = [0.1, 0.8, 60];
    const pose = estimatePose(projectedLandmarks(rotation, translation));
    assert.ok(pose.error < 1e-6, `reprojection error ${pose.error}`);
    assert.ok(Math.abs(pose.yaw - yaw) < 0.05, `yaw ${pose.yaw} vs ${yaw}`);
    assert.ok(Math.abs(pose.pitch - pitch) < 0.05, `pitch ${pose.pitch} vs ${pitch}`);
    const head = projectPoint([0, 0, -2.3], rotation, translation);
    const face = projectPoint([0, -1.5, 4.2], rotation, translation);
    for (const [got, want] of [[pose.offsets.head, head], [pose.offsets.face, face]] as const) {
      assert.ok(Math.abs(got[0] - (want[0] - 0.5)) < 1e-5 && Math.abs(got[1] - (want[1] - 0.5)) < 1e-5, `${got} vs ${want}`);
    }
  }
});

test('pose: a frontal face looks ahead; the head centre sits above the legacy centre, the face centre between', () => {
  const landmarks = meanFaceLandmarks(300);
  const pose = estimatePose(transformPoints(landmarks, legacyMatrix(landmarks)));
  assert.ok(Math.abs(pose.yaw) < 2 && Math.abs(pose.pitch) < 5, `yaw ${pose.yaw} pitch ${pose.pitch}`);
  assert.ok(Math.abs(pose.offsets.head[0]) < 0.01 && Math.abs(pose.offsets.face[0]) < 0.01);
  assert.ok(pose.offsets.head[1] < pose.offsets.face[1] && pose.offsets.face[1] < 0, `head ${pose.offsets.head} face ${pose.offsets.face}`);
  // A face turned to the image's right moves the face centre right of the head centre.
  const turned = projectedLandmarks(times(rodrigues([0, rad(30), 0]), FRONTAL), [0, 0.5, 60]);
  const turnedPose = estimatePose(turned);
  assert.ok(turnedPose.offsets.face[0] > turnedPose.offsets.head[0]);
});
