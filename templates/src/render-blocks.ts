import { escapeHtml } from './escape-html';
import type { RenderedEmail } from './rendered-email';

/**
 * The few shapes our emails are made of. Templates produce plain strings only; this file is
 * the one place that turns them into HTML, so escaping cannot be forgotten in a template.
 */
export type Block =
  /** A paragraph; `\n` is a line break (used for sign-offs). */
  | { kind: 'paragraph'; text: string }
  /** Set apart and bold: the words the reader must type back. */
  | { kind: 'emphasis'; text: string }
  | { kind: 'link'; label: string; href: string }
  /** Label/value rows, e.g. customer and tenant id in partner notifications. */
  | { kind: 'facts'; rows: ReadonlyArray<readonly [label: string, value: string]> };

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });

const FONT = "'Segoe UI',Helvetica,Arial,sans-serif";
const P_STYLE = 'margin:0 0 16px';

/** Links end up in customers' inboxes: anything but http(s) (javascript:, data:) is a bug. */
function assertWebUrl(href: string): void {
  let protocol: string;
  try {
    protocol = new URL(href).protocol;
  } catch {
    throw new Error(`Email link is not a valid URL: ${JSON.stringify(href)}`);
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new Error(`Email link must be http(s), got ${JSON.stringify(protocol)}`);
  }
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'emphasis':
      return `    ${block.text}`;
    case 'link':
      return `${block.label}: ${block.href}`;
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
  }
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="${P_STYLE}">${escapeHtml(block.text).replace(/\n/g, '<br>')}</p>`;
    case 'emphasis':
      return `<p style="${P_STYLE};padding:12px 16px;background:#f2f2f2;font-size:18px"><strong>${escapeHtml(block.text)}</strong></p>`;
    case 'link':
      return `<p style="${P_STYLE}"><a href="${escapeHtml(block.href)}" style="color:#0f6cbd">${escapeHtml(block.label)}</a></p>`;
    case 'facts': {
      const rows = block.rows
        .map(
          ([label, value]) =>
            `<tr><th style="text-align:left;vertical-align:top;padding:2px 16px 2px 0;font-weight:600">${escapeHtml(label)}</th><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`,
        )
        .join('');
      return `<table role="presentation" style="border-collapse:collapse;${P_STYLE}">${rows}</table>`;
    }
  }
}

/** Renders the same blocks as plain text (readable on its own) and as a minimal HTML page. */
export function renderBlocks(lang: string, subject: string, blocks: readonly Block[]): RenderedEmail {
  for (const block of blocks) if (block.kind === 'link') assertWebUrl(block.href);
  const text = `${blocks.map(blockText).join('\n\n')}\n`;
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:24px;color:#1b1b1b;background:#ffffff;font-family:${FONT};font-size:15px;line-height:1.5">`,
    '<div style="max-width:600px">',
    ...blocks.map(blockHtml),
    '</div></body></html>',
    '',
  ].join('\n');
  return { subject, text, html };
}

/**
 * Collapses whitespace runs (including CR/LF) to one space: a name typed with a newline must
 * neither break a Subject header nor the layout of the plain-text body.
 */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
