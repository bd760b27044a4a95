/**
 * In a `faceforge train` or `convert` a dashboard started (a child with an IPC channel): when the
 * dashboard dies without stopping it (killed, crashed), the channel closes. The run then stops as
 * Ctrl-C stops it (train finishes the step and saves; convert finishes the frames in progress)
 * instead of running on unseen for days, holding the model's lock. Its output went to the
 * dashboard's pipes, now closed: writes there fail with EPIPE, which must not kill the run before
 * it has saved.
 */
export function stopWhenDashboardGone(stop: () => void): void {
  if (!process.send) return;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  process.once('disconnect', stop);
  // A 'disconnect' listener refs the channel: unref it so it never keeps the run alive by itself.
  process.channel?.unref();
}
