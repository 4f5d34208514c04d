import { ConfigError, describeStore, externalAddresses, isWildcardHost, loadConfig } from './config.js';
import { encodeId } from './domain/ids.js';
import { DataDirInUseError } from './store/data-dir-lock.js';
import { DatabaseError, DatabaseUnreachableError, DataDirError } from './store/db.js';
import { closeOnSignals, startService } from './service.js';

/** `npm start`: configuration from the environment (and .env), then serve until SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const service = await startService(config);
  const store = describeStore(config);
  // For the person at the terminal, on stderr: stdout is the JSON log stream, which ends up in journald or
  // a container's logs, and the first key must not (it is shown here once, and the hint names it $KEY).
  let banner = `\nPayorders is listening on ${service.url} (store: ${store})\nAPI reference: ${service.url}/docs\n`;
  if (service.metricsUrl) banner += `Metrics: ${service.metricsUrl}\n`;
  if (isWildcardHost(config.host)) {
    const port = new URL(service.url).port;
    const others = externalAddresses().map((a) => `http://${a.includes(':') ? `[${a}]` : a}:${port}`);
    banner += `HOST=${config.host} listens on every interface${others.length ? `, also at ${others.join(', ')}` : ''}.\n`;
    if (!config.publicBaseUrlSet) {
      banner += `Links (payment documents) and the OpenAPI server name ${config.publicBaseUrl}: set PUBLIC_BASE_URL to the address clients use.\n`;
    }
  }
  if (service.firstKey) {
    banner +=
      `\nFirst start: created the merchant ${encodeId('merchant', service.firstKey.merchantId)} and this test API key.\n` +
      `It is shown once; keep it now:\n\n` +
      `    ${service.firstKey.secret}\n\n` +
      `Try it, with KEY set to that key:\n` +
      `    curl -s ${service.url}/v1/orders -H "Authorization: Bearer $KEY" \\\n` +
      `      -H 'Content-Type: application/json' -d '{"amount": 29700, "currency": "BRL"}'\n`;
  }
  process.stderr.write(`${banner}\n`);
  closeOnSignals(service);
}

// What an operator can act on is said in one sentence; anything else is a bug, shown with its stack.
const EXPLAINED = [DataDirInUseError, DataDirError, DatabaseUnreachableError, DatabaseError];

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(EXPLAINED.some((kind) => error instanceof kind) ? (error as Error).message : error);
  process.exit(1);
});
