import path from 'node:path';

/**
 * How TypeScript entry points run from source; the same flags as bin/tsnode.mjs (which, being
 * plain JS with no build step, keeps its own copy).
 */
export const SOURCE_NODE_ARGS = ['--conditions=@parley/source', '--import', 'tsx'] as const;

/** Preload that stops a child when its parent dies; see the file for why. */
export const EXIT_WITH_PARENT = path.resolve(__dirname, '../bin/exit-with-parent.cjs');
