import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Real Connect captures, byte-exact (see test/fixtures/docusign/README.md). */
export function connectFixture(name: string): Buffer {
  return readFileSync(path.join(__dirname, '../../fixtures/docusign', name));
}
