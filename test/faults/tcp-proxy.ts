/**
 * A TCP proxy a test puts between the service and PostgreSQL, to break the network for real:
 * `freeze()` stops forwarding (a partition: bytes are held, nothing is refused), `thaw()` lets
 * the held bytes through, `kill()` drops every connection and stops listening, `restart()`
 * listens again on the same port.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private held: [Socket, Buffer][] = [];
  private frozen = false;
  port = 0;

  constructor(
    private readonly upstreamHost: string,
    private readonly upstreamPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => this.connect(client));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    for (const [to, data] of this.held) if (!to.destroyed) to.write(data);
    this.held = [];
  }

  async kill(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.held = [];
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  restart(): Promise<void> {
    this.frozen = false;
    return this.start();
  }

  /** Connections open through the proxy now. */
  get connections(): number {
    return this.sockets.size / 2;
  }

  private connect(client: Socket): void {
    const upstream = createConnection(this.upstreamPort, this.upstreamHost);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (data: Buffer) => (this.frozen ? this.held.push([to, data]) : to.write(data)));
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}
