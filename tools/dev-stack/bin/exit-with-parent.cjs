// Preloaded (`--require`) into every process the dev stack starts. Each runs in its own process
// group, so a terminal's Ctrl-C reaches only its parent, which then stops it exactly once; the
// price is that nothing would stop it if the parent were killed outright. The IPC channel to the
// parent closes when the parent dies, whatever the cause: treat that as a SIGTERM.
'use strict';

if (process.channel) {
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The channel is only a lifeline: it must not keep an otherwise finished process alive.
  process.channel.unref();
}
