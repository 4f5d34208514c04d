import type { Config } from '../config.js';
import type { App, Services } from '../http/context.js';
import { certopay } from './certopay/face.js';
import { glomopay } from './glomopay/face.js';
import { paybyrd } from './paybyrd/face.js';
import type { WebhookFormats } from '../services/webhook-formats.js';
import { registerFace, type FaceDefinition } from './face.js';

export { faceUrlRewriter } from './face.js';

/** Every vendor face Payorders serves (see face.ts for how one plugs in). */
export const FACES: readonly FaceDefinition[] = [certopay, paybyrd, glomopay];

/** Every face's webhook formats, added by the job runner to the delivery engine's registry. */
export const FACE_WEBHOOK_FORMATS: WebhookFormats = Object.assign({}, ...FACES.map((face) => face.webhookFormats ?? {}));

export function registerFaces(app: App, services: Services): void {
  for (const face of FACES) registerFace(app, services, face);
}

/** Each face's OpenAPI document, for the /docs page's document list. */
export function faceDocuments(config: Config): Array<{ title: string; url: string }> {
  return FACES.map((face) => ({ title: face.title, url: `${config.faces[face.name].prefix}/openapi.json` }));
}
