import { STATUS_CODES } from 'node:http';
import type { FaceDefinition } from './face-definition.js';

/** A route of a face as registered: its method, its path under the prefix and its Fastify schema. */
export interface DocumentedRoute {
  method: string;
  path: string;
  schema: Record<string, unknown>;
}

interface ObjectSchema {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
}

const PARAMETER_PARTS = [
  ['params', 'path'],
  ['querystring', 'query'],
  ['headers', 'header'],
] as const;

/**
 * A face's OpenAPI 3.1 document, from the schemas its routes validate and serialize with (the same
 * TypeBox objects), so the document cannot drift from what the face accepts and answers. Its server is
 * the face's base URL: the paths read as the vendor's.
 */
export function faceOpenApi(face: FaceDefinition, serverUrl: string, routes: DocumentedRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path, schema } of routes) {
    const openApiPath = path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters = PARAMETER_PARTS.flatMap(([part, where]) => {
      const object = schema[part] as ObjectSchema | undefined;
      return Object.entries(object?.properties ?? {}).map(([name, property]) => ({
        name,
        in: where,
        required: where === 'path' || (object?.required ?? []).includes(name),
        ...(typeof property.description === 'string' ? { description: property.description } : {}),
        schema: plain(property),
      }));
    });
    const responses = Object.fromEntries(
      Object.entries((schema.response as Record<string, unknown> | undefined) ?? {}).map(([status, body]) => [
        status,
        responseObject(status, body as Record<string, unknown>),
      ]),
    );
    paths[openApiPath] = {
      ...paths[openApiPath],
      [method.toLowerCase()]: {
        ...pick(schema, ['operationId', 'summary', 'description', 'tags', 'security']),
        ...(parameters.length ? { parameters } : {}),
        ...(schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: plain(schema.body) } } } } : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: face.title, version: '1', description: face.description },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { apiKey: face.securityScheme } },
    security: [{ apiKey: [] }],
    paths,
  };
}

/** A response schema as Fastify takes it: a JSON body's schema, or (a document) its own `content` by media type. */
function responseObject(status: string, body: Record<string, unknown>) {
  const description = STATUS_CODES[Number(status)] ?? status;
  if (status === '204') return { description };
  if (body.content) return { description, content: plain(body.content) };
  return { description, content: { 'application/json': { schema: plain(body) } } };
}

function pick(source: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

/** The JSON Schema without TypeBox's symbol keys. */
function plain(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema ?? {}));
}
