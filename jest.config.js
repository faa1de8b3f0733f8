// `npm test` runs every project in one jest process so they share a worker pool.
const fs = require('node:fs');
const path = require('node:path');

const roots = ['apps', 'libs', 'tools'].flatMap((dir) =>
  fs.readdirSync(path.join(__dirname, dir)).map((name) => path.join(__dirname, dir, name)),
);
roots.push(path.join(__dirname, 'infra'));

module.exports = {
  // A global option: the projects' own testTimeout is not applied when they run together.
  testTimeout: 30_000,
  projects: roots.filter((dir) => fs.existsSync(path.join(dir, 'jest.config.js'))),
};
