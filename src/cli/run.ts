// The process entry point: bin/dailypapers.js loads this (compiled, or the source through tsx),
// and tests run the source directly with `node --import tsx src/cli/run.ts`.
import { main } from './main.ts';

process.exitCode = await main(process.argv);
