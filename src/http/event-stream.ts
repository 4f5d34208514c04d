import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { App } from './context.js';

export interface OpenStream {
  write(text: string): void;
}

/** What a stream runs while it is open: `beat` every heartbeat, `stop` once it closes. */
export interface StreamRun {
  beat(): void;
  stop(): void;
}

/**
 * The server-sent event streams of one app (an order's events for its merchant, a checkout's status for
 * its payer): each answers text/event-stream, runs a heartbeat (so proxies keep an idle stream open), and
 * ends before the server closes, which would otherwise wait for it; clients reconnect, to another node.
 */
export class EventStreams {
  private readonly open = new Set<() => void>();

  constructor(
    app: App,
    private readonly heartbeatMs: number,
  ) {
    app.addHook('preClose', (done) => {
      for (const close of this.open) close();
      done();
    });
  }

  /** Answers the reply with a stream: `start` writes its first messages and says what runs while it is open. */
  send(reply: FastifyReply, cacheControl: string, start: (stream: OpenStream) => StreamRun) {
    const stream = new PassThrough();
    stream.write('retry: 2000\n\n');
    const run = start({ write: (text) => stream.write(text) });
    const heartbeat = setInterval(() => run.beat(), this.heartbeatMs);
    heartbeat.unref();
    const close = () => {
      clearInterval(heartbeat);
      run.stop();
      this.open.delete(close);
      stream.end();
    };
    this.open.add(close);
    // The response's close, not the request's: that one fires once a GET's (empty) body is read.
    reply.raw.on('close', close);
    return reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', cacheControl).header('x-accel-buffering', 'no').send(stream);
  }
}
