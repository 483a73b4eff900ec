/**
 * Where each line starts, by byte offset, for the bytes seen so far: csv-parse reports the byte
 * offset where each record ends but counts lines unreliably once quoted fields hold CRLF, and a
 * row is reported by the line it starts on. A line ends at LF, CRLF or a lone CR. Offsets are
 * asked for in increasing order, so breaks already passed are dropped as it goes.
 */
export class LineIndex {
  private breaks: number[] = [];
  private head = 0;
  private linesBefore = 0;
  private offset = 0;
  private pendingCr = false;

  /** Feed every chunk, in order, before the parser sees it. */
  observe(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (this.pendingCr) {
        this.pendingCr = false;
        // CR LF is one break, ending after the LF; a lone CR ended its line where it stood.
        if (byte !== 0x0a) this.breaks.push(this.offset + i);
      }
      if (byte === 0x0a) this.breaks.push(this.offset + i + 1);
      else if (byte === 0x0d) this.pendingCr = true;
    }
    this.offset += chunk.length;
  }

  /** The 1-based line number of the byte at `offset`. */
  lineAt(offset: number): number {
    while (this.head < this.breaks.length && (this.breaks[this.head] as number) <= offset) {
      this.head++;
      this.linesBefore++;
    }
    if (this.head > 4096) {
      this.breaks = this.breaks.slice(this.head);
      this.head = 0;
    }
    return this.linesBefore + 1;
  }
}
