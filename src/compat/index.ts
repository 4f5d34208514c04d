import type { Config } from '../config.js';
import type { App, Services } from '../http/context.js';
import { certopay } from './certopay/face.js';
import { glomopay } from './glomopay/face.js';
import { ic } from './ic/face.js';
import { paybyrd } from './paybyrd/face.js';
import type { WebhookFormats } from '../services/webhook-formats.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pathOf } from '../http/routing.js';
import { registerFace, sendFaceError, type FaceDefinition } from './face.js';

export { faceUrlRewriter } from './face.js';

/** Every vendor face Payorders serves (see face.ts for how one plugs in). */
export const FACES: readonly FaceDefinition[] = [certopay, ic, paybyrd, glomopay];

/** Every face's webhook formats, added by the job runner to the delivery engine's registry. */
export const FACE_WEBHOOK_FORMATS: WebhookFormats = Object.assign({}, ...FACES.map((face) => face.webhookFormats ?? {}));

export function registerFaces(app: App, services: Services): void {
  for (const face of FACES) registerFace(app, services, face);
}

/**
 * An error the router raised before any route ran (a malformed percent-encoding, an over-long id) on a
 * face's path, answered in the face's shape; false when the path is no face's.
 */
export function sendFaceFrameworkError(config: Config, error: unknown, req: FastifyRequest, reply: FastifyReply): boolean {
  const path = pathOf(req.url);
  const face = FACES.find((f) => path.startsWith(`${config.faces[f.name].prefix}/`));
  if (!face) return false;
  void sendFaceError(face, config.faces[face.name].prefix, error, req, reply);
  return true;
}

/** Each face's OpenAPI document, for the /docs page's document list. */
export function faceDocuments(config: Config): Array<{ title: string; url: string }> {
  return FACES.map((face) => ({ title: face.title, url: `${config.faces[face.name].prefix}/openapi.json` }));
}
