import path from 'node:path';
import type { DemoState } from './state-file';

/** The few lines a developer needs after `npm start`: where to go and how to log in. */
export function formatBanner(state: DemoState, opts: { stateFile: string; cwd: string; seconds: number }): string {
  const relative = path.relative(opts.cwd, opts.stateFile);
  const shown = relative && !relative.startsWith('..') ? relative : opts.stateFile;
  return [
    `Parley is up (${opts.seconds.toFixed(1)} s)`,
    `  Edge (APIs, inbox, widget)  ${state.edge_url}`,
    `  Demo store (embeds widget)  ${state.demo_url}`,
    `  Admin login                 ${state.admin.email} / ${state.admin.password}`,
    `  Agent login                 ${state.agent.email} / ${state.agent.password}`,
    `  Demo bot                    ${state.bot_id} (allowed origin ${state.allowed_origin})`,
    `  Written to ${shown} (demo-only credentials). Ctrl-C stops everything.`,
  ].join('\n');
}
