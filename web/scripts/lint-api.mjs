// Lints the OpenAPI document that the Java tests fetched from the running service
// (dev.darkroom.web.ApiDocumentIntegrationTest writes ../target/openapi/darkroom.json), with the
// rules in redocly.yaml. Nothing is fetched: telemetry and update checks are off.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const document = path.resolve(here, '../../target/openapi/darkroom.json');

if (!existsSync(document)) {
  if (process.env.SKIP_TESTS === 'true') {
    console.log(`No ${document}: the tests were skipped, so there is no document to lint.`);
    process.exit(0);
  }
  console.error(`No ${document}. It is written by ApiDocumentIntegrationTest; run the tests first (mvn verify).`);
  process.exit(1);
}

const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' };
const result = spawnSync('redocly', ['lint', document, '--config', path.resolve(here, '../redocly.yaml'), '--format', 'stylish'], {
  stdio: 'inherit',
  env,
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
