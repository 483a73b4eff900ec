/**
 * The progress line `mca campaign watch` draws: `[######------] 50% 1000/2000 sent`. A
 * terminal gets one line redrawn in place; a pipe or a log file gets a line per change, so a
 * script reading the output sees every step without control characters.
 */
export function renderProgress(p: { done: number; total: number; label?: string; width?: number }): string {
  const width = p.width ?? 30;
  const total = Math.max(0, p.total);
  const done = Math.min(Math.max(0, p.done), total);
  // Nothing to do is done: a campaign over 0 customers is complete at once.
  const ratio = total === 0 ? 1 : done / total;
  const filled = Math.floor(ratio * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${bar}] ${percent} ${done}/${total}${p.label ? ` ${p.label}` : ''}`;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export class ProgressLine {
  private last = '';
  constructor(private readonly out: ProgressStream) {}

  update(p: Parameters<typeof renderProgress>[0]): void {
    const line = renderProgress(p);
    if (line === this.last) return;
    this.last = line;
    this.out.write(this.out.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
  }

  /** Ends the redrawn line so whatever is printed next starts on a line of its own. */
  finish(): void {
    if (this.out.isTTY && this.last) this.out.write('\n');
  }
}
