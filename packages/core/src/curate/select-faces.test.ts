import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readFolderFacts } from './face-facts.js';
import { hullMask } from '../masks/test-masks.fixture.js';
import { selectFaces } from './select-faces.js';
import { formatPoseSpread, poseSpread } from './pose-spread.js';
import { blurredCopy, personDescriptor, rotatedCopy, writeFace, writePatternFaces, testPose } from './curate-faces.fixture.js';

test('select keeps frontal, sharp faces over rotated and blurred copies, drops duplicates and strangers sink', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-select-'));
  const originals = await writePatternFaces(dir, 8, 96);
  for (const [i, face] of originals.slice(0, 3).entries()) {
    const turned = rotatedCopy(face, 25 + 10 * i);
    await writeFace(dir, `rotated_${i}.png`, turned.image, turned.metadata);
    const soft = blurredCopy(face, 9);
    await writeFace(dir, `blurred_${i}.png`, soft.image, soft.metadata);
  }
  const stranger = rotatedCopy(originals[7]!, 0);
  await writeFace(dir, 'stranger.png', stranger.image, { ...stranger.metadata, descriptor: personDescriptor(0, 5) });

  const { faces } = await readFolderFacts(dir, { region: hullMask });
  const selection = selectFaces(faces, { top: 8 });
  const chosen = selection.selected.map((s) => basename(s.face.path)).sort();
  assert.deepEqual(chosen, originals.map((f) => basename(f.path)).sort(), 'the eight originals');
  const reasons = new Map(selection.rejected.map((r) => [basename(r.face.path), r.reason.kind]));
  const lowest = Math.min(...selection.selected.map((s) => s.score));
  for (let i = 0; i < 3; i++) {
    assert.equal(reasons.get(`blurred_${i}.png`), 'blurry');
    // resampling also softens a rotated copy; either way its eye-line score ranks it below every original
    const rotated = selection.rejected.find((r) => basename(r.face.path) === `rotated_${i}.png`)!;
    assert.ok(rotated.scored!.eyeScore < 0.75 && rotated.scored!.score < lowest, `rotated_${i}: ${rotated.reason.kind}`);
  }
  assert.ok(['duplicate', 'beyond-top'].includes(reasons.get('stranger.png')!), 'same pixels as face_07 or ranked out');
  assert.ok(originals.some((f) => f.path === selection.reference!.face.path));
  const scores = selection.selected.map((s) => s.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'ranked by similarity × eye score');

  // with room for all, the rotated copies that are not blurry are near-duplicates (same identity) of their originals
  const roomy = selectFaces(faces, { top: 100 });
  const roomyReasons = new Map(roomy.rejected.map((r) => [basename(r.face.path), r.reason.kind]));
  for (let i = 0; i < 3; i++) assert.ok(['duplicate', 'blurry'].includes(roomyReasons.get(`rotated_${i}.png`)!));
  assert.ok(roomy.selected.some((s) => basename(s.face.path) === 'stranger.png') || roomy.rejected.some((r) => basename(r.face.path) === 'stranger.png'));
  // the stranger, if kept, scores last
  const strangerRank = roomy.selected.findIndex((s) => basename(s.face.path) === 'stranger.png');
  if (strangerRank >= 0) assert.equal(strangerRank, roomy.selected.length - 1);
});

test('faces without descriptors are not scored; the spread summary reports pose bins and open mouths', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-select-'));
  await writePatternFaces(dir, 4, 64, (i) => ({ descriptor: i === 3 ? undefined : personDescriptor(i), pose: testPose(-30 + 20 * i, 5 * i) }));
  const { faces } = await readFolderFacts(dir, { region: hullMask });
  const selection = selectFaces(faces, { top: 2 });
  assert.equal(selection.selected.length, 2);
  assert.deepEqual(selection.rejected.find((r) => r.reason.kind === 'unscored')?.reason, { kind: 'unscored', why: 'no identity descriptor' });
  const text = formatPoseSpread(poseSpread(faces));
  assert.match(text, /yaw/);
  assert.match(text, / -30° to  -15°\s+1/);
  assert.match(text, /mouth open .*: 0 of 4 faces/);
});
