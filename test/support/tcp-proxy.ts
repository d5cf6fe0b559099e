/** A TCP proxy between a client and a real server that can cut every connection at once. */
import net from "node:net";

export class CuttingProxy {
  readonly server: net.Server;
  #pairs = new Set<[net.Socket, net.Socket]>();
  #closed: Promise<void> = Promise.resolve();
  /** Connections accepted so far. */
  accepted = 0;

  constructor(port: number, host = "127.0.0.1") {
    this.server = net.createServer((client) => {
      this.accepted += 1;
      const upstream = net.connect({ host, port });
      const pair: [net.Socket, net.Socket] = [client, upstream];
      this.#pairs.add(pair);
      for (const socket of pair) {
        socket.on("error", () => {});
        socket.on("close", () => {
          this.#pairs.delete(pair);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  /** Accepts again on the port it had, as a server that comes back. */
  async resumeAccepting(port: number): Promise<void> {
    await this.#closed;
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Cuts every open connection; new ones are still accepted. */
  cut(): void {
    for (const [a, b] of this.#pairs) {
      a.destroy();
      b.destroy();
    }
  }

  /** New connections are refused from now on; open ones stay until cut. */
  stopAccepting(): void {
    if (this.server.listening)
      this.#closed = new Promise((resolve) => this.server.close(() => resolve()));
  }

  async close(): Promise<void> {
    this.stopAccepting();
    this.cut();
    await this.#closed;
  }
}
