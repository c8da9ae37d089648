import { SingleBar } from 'cli-progress';

/**
 * Progress of a long command: a bar on a terminal, otherwise one line every few seconds,
 * so logs of an unattended run still show it advancing.
 */
export interface Progress {
  update(done: number, detail: string): void;
  stop(): void;
}

export function createProgress(label: string, total: number | null, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY && total !== null) {
    const bar = new SingleBar(
      { format: `${label} [{bar}] {percentage}% | {detail}`, stream, hideCursor: true, clearOnComplete: false },
      undefined,
    );
    bar.start(total, 0, { detail: '' });
    return {
      update: (done, detail) => bar.update(Math.min(done, total), { detail }),
      stop: () => bar.stop(),
    };
  }
  const everyMs = 5000;
  let last = Date.now();
  return {
    update(_done, detail) {
      if (Date.now() - last < everyMs) return;
      last = Date.now();
      stream.write(`${label}: ${detail}\n`);
    },
    stop() {},
  };
}
