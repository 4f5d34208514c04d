import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * The vendors' documents the faces are tested against: copies, in test/compat/seeds/, of the contract
 * pages the team keeps (so a clone tests alone), or SEEDS_DIR.
 */
export const SEEDS_DIR = process.env.SEEDS_DIR ?? fileURLToPath(new URL('./seeds/', import.meta.url));

export interface OpenApiDocument {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, unknown>; examples: Record<string, { value: unknown }> };
}

/** The OpenAPI document inside a seed page's ```yaml fence, read at test time (never retyped). */
export function loadSeedOpenApi(file: string): OpenApiDocument {
  const text = readFileSync(`${SEEDS_DIR}${file}`, 'utf8');
  const fence = /`{3,}yaml[^\n]*\n([\s\S]*?)\n`{3,}/.exec(text);
  if (!fence) throw new Error(`${file} holds no yaml block`);
  return parse(fence[1]!) as OpenApiDocument;
}

/**
 * OpenAPI 3.0 schema objects as JSON Schema: `nullable` widens the type, and a `$ref` stands alone (3.0
 * ignores the keywords beside it, as Paybyrd's `shipping: {$ref, type: string}` relies on).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const schema = node as Record<string, unknown>;
  if (typeof schema.$ref === 'string') return { $ref: schema.$ref };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'nullable') continue;
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toJsonSchema(v)])) : toJsonSchema(value);
  }
  if (schema.nullable === true && typeof schema.type === 'string') {
    out.type = [schema.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

/** A validator for `#/components/schemas/<name>` of the document; `errors` hold what failed. */
export function schemaValidator(doc: OpenApiDocument, name: string): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // Paybyrd's own format names: a guid is a UUID, a timespan and "192.168.0.1" are descriptive only.
  ajv.addFormat('guid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('timespan', /^-?(\d+\.)?\d{1,2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/);
  ajv.addFormat('url', true);
  ajv.addFormat('192.168.0.1', true);
  ajv.addSchema({ $id: 'seed', components: { schemas: toJsonSchema(doc.components.schemas) } });
  return ajv.compile({ $ref: `seed#/components/schemas/${name}` });
}

/** The request examples of an operation, by name, resolved from the components. */
export function requestExamples(doc: OpenApiDocument, path: string, method: string): Record<string, unknown> {
  const examples = doc.paths[path]![method].requestBody.content['application/json'].examples as Record<string, { $ref: string }>;
  return Object.fromEntries(Object.entries(examples).map(([name, { $ref }]) => [name, doc.components.examples[$ref.split('/').pop()!]!.value]));
}

export interface DocumentedField {
  name: string;
  type: string;
  required: boolean;
  /** The documented example, parsed as JSON; undefined when none is given. */
  example?: unknown;
  enum?: string[];
}

/**
 * The fields a Glomopay-style reference page lists under `## <section>:` ("Request fields", "Response 201
 * fields"): `` - `name` (type, required) ``, then `Example: <json>` and `Enum: "a", "b"` lines.
 */
export function documentedFields(file: string, section: string): DocumentedField[] {
  const text = readFileSync(`${SEEDS_DIR}${file}`, 'utf8');
  const start = text.indexOf(`## ${section}`);
  if (start === -1) throw new Error(`${file} has no section ${section}`);
  const end = text.indexOf('\n## ', start + 3);
  const fields: DocumentedField[] = [];
  for (const block of text.slice(start, end === -1 ? undefined : end).split(/\n\s+- `/).slice(1)) {
    const head = /^([\w.]+)` \(([^)]*)\)/.exec(block);
    if (!head) continue;
    const [type = '', ...flags] = head[2]!.split(', ');
    const example = /\n\s+Example: (.+)/.exec(block)?.[1];
    const values = /\n\s+Enum: (.+)/.exec(block)?.[1];
    fields.push({
      name: head[1]!,
      type,
      required: flags.includes('required'),
      ...(example === undefined ? {} : { example: JSON.parse(example) }),
      ...(values === undefined ? {} : { enum: values.split(', ').map((v) => JSON.parse(v) as string) }),
    });
  }
  return fields;
}
