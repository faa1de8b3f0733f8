#!/usr/bin/env node
// Lists optional platform packages that package-lock.json names but does not contain. Our registry
// copy lacks some platform builds of the newest releases, and `npm install` then silently writes a
// lockfile that breaks `npm ci` on other platforms. Run after any dependency change; exit 1 if any.
import { readFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const installed = new Set(Object.keys(lock.packages).map((p) => p.split('node_modules/').at(-1)));
const missing = [];
for (const [path, info] of Object.entries(lock.packages)) {
  for (const dep of Object.keys(info.optionalDependencies ?? {})) {
    if (!installed.has(dep)) missing.push(`${path || '(root)'} -> ${dep}`);
  }
}
if (missing.length) {
  console.error(`package-lock.json lacks ${missing.length} optional platform package(s):\n  ${missing.join('\n  ')}`);
  console.error('Pin the depending package to a version whose platform packages all exist (npm view PKG@VER optionalDependencies).');
  process.exit(1);
}
console.log('package-lock.json has every optional platform package it names.');
