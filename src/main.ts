import { ConfigError, describeStore, loadConfig } from './config.js';
import { encodeId } from './domain/ids.js';
import { DataDirInUseError } from './store/data-dir-lock.js';
import { closeOnSignals, startService } from './service.js';

/** `npm start`: configuration from the environment (and .env), then serve until SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const service = await startService(config);
  const store = describeStore(config);
  // For the person at the terminal, on stderr: stdout is the JSON log stream, which ends up in journald or
  // a container's logs, and the first key must not (it is shown here once, and the hint names it $KEY).
  let banner = `\nPayorders is listening on ${service.url} (store: ${store})\nAPI reference: ${service.url}/docs\n`;
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

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) {
    console.error(error.message);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
  console.error(error);
  process.exit(1);
});
