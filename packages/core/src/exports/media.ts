/** `@faceforge/core/media`: ffmpeg: the binary, a process runner and the video probe (for writer plugins and commands). */
export { ffmpegPath } from '../media/ffmpeg-path.js';
export { parseFfmpegReport, type VideoReport } from '../media/ffmpeg-probe.js';
export { spawnFfmpeg, runFfmpeg, ffmpegTail, type FfmpegProcess, type FfmpegResult } from '../media/ffmpeg-process.js';
