import { ConfigError, loadConfig } from './config.js';
import { DataDirInUseError } from './store/data-dir-lock.js';
import { closeOnSignals, startService } from './service.js';

/** `npm start`: configuration from the environment (and .env), then serve until SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const service = await startService(config);
  const store = service.db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  process.stdout.write(`\nPayorders is listening on ${service.url} (store: ${store})\n`);
  process.stdout.write(`API reference: ${service.url}/docs\n`);
  if (service.firstKey) {
    process.stdout.write(
      `\nFirst start: created a merchant and this test API key. It is shown once; keep it now:\n\n` +
        `    ${service.firstKey.secret}\n\n` +
        `Try: curl -s ${service.url}/v1/orders -H "Authorization: Bearer ${service.firstKey.secret}" \\\n` +
        `       -H 'Content-Type: application/json' -d '{"amount": 29700, "currency": "BRL"}'\n\n`,
    );
  }
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
