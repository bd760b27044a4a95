import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFfmpegReport } from './ffmpeg-probe.js';

test('ffmpeg\'s report: size, frame rate, duration, audio codec', () => {
  const report = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mp4':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 135 kb/s
    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709), 1920x1080 [SAR 1:1 DAR 16:9], 4000 kb/s, 29.97 fps, 29.97 tbr, 30k tbn, 59.94 tbc (default)
    Stream #0:1(eng): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 128 kb/s (default)`;
  assert.deepEqual(parseFfmpegReport(report), { width: 1920, height: 1080, fps: 29.97, duration: 62.5, audioCodec: 'aac' });
  const silent = parseFfmpegReport('  Stream #0:0: Video: vp9 (Profile 0), yuv420p(tv), 360x288, SAR 1:1 DAR 5:4, 24 tbr, 1k tbn, 1k tbc');
  assert.deepEqual(silent, { width: 360, height: 288, fps: 24, duration: undefined, audioCodec: undefined });
  assert.equal(parseFfmpegReport('Invalid data found when processing input'), undefined);
});
