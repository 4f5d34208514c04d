import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import type { App } from './context.js';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * JSON bodies are UTF-8, as RFC 8259 requires: a body declaring another charset is refused (415) rather
 * than decoded as UTF-8 into other characters than the client meant, and bytes that are not UTF-8 are
 * refused (400) rather than replaced by U+FFFD. The JSON itself goes to Fastify's parser, which also
 * refuses `__proto__` and `constructor` keys.
 */
export function acceptUtf8JsonOnly(app: App): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req: FastifyRequest, body: Buffer, done) => {
    // A request no route takes is answered 404/405 whatever its body holds.
    if (req.is404) return done(null, undefined);
    const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(new AppError('unsupported_media_type', `Send JSON as UTF-8, not charset=${charset.slice(0, 40)}`), undefined);
    }
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(new AppError('invalid_json', 'The body is not valid UTF-8'), undefined);
    }
    parseJson(req, text, done);
  });
}
