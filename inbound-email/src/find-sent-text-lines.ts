import { normaliseForMatch } from './normalise-for-match';

/** Lines of at least this many normalised characters are distinctive enough to match by containment. */
export const DISTINCTIVE_LENGTH = 25;

interface Match {
  start: number;
  end: number;
}

/**
 * Removes runs of lines that reproduce the email we sent, for quoted originals whose header the
 * rules did not recognise.
 *
 * Our email contains the accept phrase on a line of its own, so a reply "I accept" equals a
 * template line. Lines are therefore only removed as part of a run: consecutive reply lines
 * (blank lines aside) whose text continues each other in the template. A run goes when it has
 * two or more lines, or one line long enough to be distinctive. A lone short line stays, which
 * is what the reply itself looks like.
 *
 * Returns the indexes of the lines to remove.
 */
export function findSentTextLines(lines: readonly string[], sentText: string): Set<number> {
  const templateLines = sentText
    .split(/\r?\n/)
    .map(normaliseForMatch)
    .filter((l) => l.length > 0);
  // One space between template lines, so a line and its successor are adjacent in `template`.
  const template = templateLines.join(' ');
  const lineStarts = new Map<string, number[]>();
  let offset = 0;
  for (const line of templateLines) {
    lineStarts.set(line, [...(lineStarts.get(line) ?? []), offset]);
    offset += line.length + 1;
  }

  const remove = new Set<number>();
  let run: number[] = [];
  let runIsLong = false;
  let previous: Match[] = [];
  const closeRun = () => {
    if (run.length >= 2 || runIsLong) run.forEach((i) => remove.add(i));
    run = [];
    runIsLong = false;
    previous = [];
  };

  lines.forEach((raw, index) => {
    const line = normaliseForMatch(raw);
    if (line.length === 0) return; // blank and punctuation-only lines neither join nor break a run
    const isLong = line.length >= DISTINCTIVE_LENGTH;
    const candidates = matchesOf(line, isLong, template, lineStarts, previous);
    const continuing = candidates.filter((c) => previous.some((p) => c.start === p.end + 1 || c.start === p.end));
    if (continuing.length > 0) {
      run.push(index);
      previous = continuing;
    } else {
      closeRun();
      if (candidates.length === 0) return;
      run = [index];
      previous = candidates;
    }
    runIsLong ||= isLong;
  });
  closeRun();
  return remove;
}

function matchesOf(line: string, isLong: boolean, template: string, lineStarts: Map<string, number[]>, previous: Match[]): Match[] {
  const starts = new Set(lineStarts.get(line) ?? []);
  if (isLong) {
    for (let at = template.indexOf(line); at !== -1; at = template.indexOf(line, at + 1)) {
      const wholeWords = (at === 0 || template[at - 1] === ' ') && (template[at + line.length] ?? ' ') === ' ';
      if (wholeWords) starts.add(at);
    }
  } else {
    // A short fragment counts only where it continues the previous match (a re-wrapped tail).
    for (const p of previous) {
      for (const at of [p.end, p.end + 1]) if (template.startsWith(line, at)) starts.add(at);
    }
  }
  return [...starts].map((start) => ({ start, end: start + line.length }));
}
