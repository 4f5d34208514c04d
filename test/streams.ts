import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './helpers.js';

/** A server-sent-events client for the stream tests, on the app listening on 127.0.0.1. */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
}

export interface OpenStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  messages: SseMessage[];
  /** Comment lines seen (heartbeats). */
  comments: number;
  ended: boolean;
  /** Waits (real time: the feed polls on its own timer) until `done` holds; false after `ms`. */
  until(done: (s: OpenStream) => boolean, ms?: number): Promise<boolean>;
  close(): void;
}

export async function listening(t: TestApp): Promise<number> {
  if (!t.app.server.listening) await t.app.listen({ host: '127.0.0.1', port: 0 });
  return (t.app.server.address() as AddressInfo).port;
}

export async function openStream(t: TestApp, path: string, token: string | null, headers: Record<string, string> = {}): Promise<OpenStream> {
  const port = await listening(t);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } }, (res) => {
      let buffer = '';
      const stream: OpenStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        messages: [],
        comments: 0,
        ended: false,
        until: async (done, ms = 5000) => {
          const deadline = Date.now() + ms;
          while (!done(stream) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
          return done(stream);
        },
        close: () => req.destroy(),
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments++;
            const [field, ...rest] = line.split(': ');
            if (field === 'id' || field === 'event' || field === 'data') message[field] = rest.join(': ');
          }
          if (message.data !== undefined) stream.messages.push(message);
        }
      });
      res.on('end', () => (stream.ended = true));
      res.on('close', () => (stream.ended = true));
      resolve(stream);
    });
    req.on('error', reject);
  });
}
