#!/usr/bin/env node
// Runs the compiled service in dist/ (`npm run build`, done by `npm install` and `npm start`);
// a checkout that has not been built runs the TypeScript sources through tsx instead.
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

const compiled = new URL('../dist/cli/run.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/run.ts');
}
