import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The text of a local key file, generated on first use (32 random bytes, base64, mode 0600).
 * Written aside, then linked into place: processes starting at once all end up with the one key
 * linked first, and nobody reads a half-written file. `generated` names the file when this call
 * made it. Such a key is only as safe as the file beside the data: production configures keys.
 */
export function keyFileText(file: string): { text: string; generated?: string } {
  mkdirSync(path.dirname(file), { recursive: true });
  let generated: string | undefined;
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(draft, file);
    generated = file;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(draft, { force: true });
  }
  return { text: readFileSync(file, 'utf8'), generated };
}
