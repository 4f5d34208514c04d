/**
 * The fuzzer's view of the API, read from the app's own OpenAPI document: every operation with its
 * parameters, request body and documented responses, $refs inlined. Nothing here names a route, so a
 * route or a vendor face that lands later is fuzzed as soon as it is in the document.
 */

export type Schema = Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** The OpenAPI path template, e.g. /v1/orders/{id}. */
  path: string;
  /** "POST /v1/orders/{id}", for test names and reports. */
  label: string;
  parameters: Parameter[];
  body: { required: boolean; mediaTypes: string[]; schema: Schema } | null;
  /** Documented status → the schema of its JSON content (undefined when it documents none). */
  responses: Map<number, Schema | undefined>;
  /** Answers without credentials (`security: []`). */
  public: boolean;
  matches(path: string): boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function operationsOf(doc: Schema): Operation[] {
  const resolve = refResolver(doc);
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths ?? {})) {
    const shared: Schema[] = item.parameters ?? [];
    for (const method of METHODS) {
      const op: Schema | undefined = item[method];
      if (!op) continue;
      const parameters = [...shared, ...(op.parameters ?? [])].map((p): Parameter => {
        const param = resolve(p);
        return { name: param.name, in: param.in, required: param.required === true || param.in === 'path', schema: param.schema ?? {} };
      });
      const requestBody = op.requestBody ? resolve(op.requestBody) : undefined;
      const content: Schema = requestBody?.content ?? {};
      const mediaTypes = Object.keys(content);
      const body = requestBody
        ? { required: requestBody.required === true, mediaTypes, schema: resolve(content[mediaTypes.find(isJson) ?? mediaTypes[0]!]?.schema ?? {}) }
        : null;
      const responses = new Map<number, Schema | undefined>();
      for (const [status, response] of Object.entries<Schema>(op.responses ?? {})) {
        if (!/^\d{3}$/.test(status)) continue;
        const media: Schema = resolve(response).content ?? {};
        const json = Object.keys(media).find(isJson);
        responses.set(Number(status), json ? resolve(media[json].schema ?? {}) : undefined);
      }
      const security: unknown[] = op.security ?? doc.security ?? [];
      const template = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      operations.push({
        method: method.toUpperCase(),
        path,
        label: `${method.toUpperCase()} ${path}`,
        parameters,
        body,
        responses,
        public: security.length === 0 || security.some((s) => Object.keys(s as object).length === 0),
        matches: (p) => template.test(p),
      });
    }
  }
  return operations;
}

export function isJson(mediaType: string): boolean {
  return /^application\/([\w.-]+\+)?json$/i.test(mediaType.split(';')[0]!.trim());
}

/** Deep copy with every local $ref replaced by its target (a ref already being expanded stays a ref). */
function refResolver(doc: Schema) {
  const lookup = (ref: string): unknown =>
    ref
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<any>((node, part) => node?.[part], doc);
  const inline = (node: unknown, active: Set<string>): any => {
    if (Array.isArray(node)) return node.map((n) => inline(n, active));
    if (!node || typeof node !== 'object') return node;
    const ref = (node as Schema).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/') && !active.has(ref)) {
      const { $ref: _ref, ...siblings } = node as Schema;
      const target = inline(lookup(ref), new Set([...active, ref]));
      return Object.keys(siblings).length ? { ...target, ...inline(siblings, active) } : target;
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, active)]));
  };
  return (node: Schema): Schema => inline(node, new Set());
}

/** Which operations a request's method and path reach, and which methods the path answers at all. */
export function route(operations: Operation[], method: string, url: string): { op: Operation | undefined; methods: string[] } {
  const path = url.split('?')[0]!;
  const onPath = operations.filter((o) => o.matches(path));
  // A literal segment wins over a template one, as in the router: prefer the template with fewer parameters.
  const rank = (o: Operation) => (o.path.match(/\{/g) ?? []).length;
  const op = onPath.filter((o) => o.method === method.toUpperCase()).sort((a, b) => rank(a) - rank(b))[0];
  return { op, methods: [...new Set(onPath.map((o) => o.method))] };
}
