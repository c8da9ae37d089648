/**
 * An outside source (arXiv, Hugging Face) could not be reached or gave no usable answer after
 * its retries: a temporary condition to report as "try again later", unlike a bug, which must
 * surface as one. The transport failure is kept as the cause.
 */
export class SourceUnreachable extends Error {
  constructor(
    readonly source: string,
    options: { cause: unknown },
  ) {
    super(
      `${source} could not be reached: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`,
      options,
    );
    this.name = 'SourceUnreachable';
  }
}
