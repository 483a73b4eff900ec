import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromBufferPromise } from 'yauzl';

/** Extracts a zip into `dir`; returns the entry names in zip order. */
export async function unzipTo(zip: Buffer, dir: string): Promise<string[]> {
  const file = await fromBufferPromise(zip, { lazyEntries: true });
  const names: string[] = [];
  for await (const entry of file.eachEntry()) {
    if (entry.fileName.includes('..')) throw new Error(`zip entry escapes its folder: ${entry.fileName}`);
    const chunks: Buffer[] = [];
    for await (const chunk of await file.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    const target = path.join(dir, entry.fileName);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, Buffer.concat(chunks));
    names.push(entry.fileName);
  }
  return names;
}
