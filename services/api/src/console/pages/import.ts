import type { ImportOutcome } from '../../use-cases/import-customers';
import { html, type Html } from '../html';
import { csrfField, notice, page, type PageFrame } from '../layout';

const t = {
  title: 'Import customers',
  lead: 'A CSV file (UTF-8) with the header tenantId,name,country,language and optionally firstName,lastName,email,phone and confidential (yes/no). Check it first: nothing is written until you import.',
  file: 'CSV file',
  dryRun: 'Check file',
  import: 'Import',
  checked: 'Check: {created} would be created, {existing} exist already, {invalid} lines are invalid. Choose the file again and import when it looks right.',
  imported: 'Imported: {created} created, {existing} existed already, {invalid} invalid lines skipped.',
  badLines: 'Lines that cannot be imported',
  line: 'Line',
  problem: 'Problem',
  more: '{count} more invalid lines are not listed.',
  campaignLead: 'Ask them now: an email campaign to every customer not yet requested (the ones just imported among them) that has a representative.',
  campaign: 'Start an email campaign for the imported customers',
};

export interface ImportView {
  frame: Required<Pick<PageFrame, 'partner'>>;
  result?: { dryRun: boolean; outcome: ImportOutcome };
  error?: string;
}

function summary(r: NonNullable<ImportView['result']>): string {
  const o = r.outcome;
  return (r.dryRun ? t.checked : t.imported)
    .replace('{created}', String(o.created))
    .replace('{existing}', String(o.existing))
    .replace('{invalid}', String(o.invalidCount));
}

export function importPage(v: ImportView): Html {
  const r = v.result;
  return page({
    ...v.frame,
    title: t.title,
    current: 'import',
    body: html`<h1>${t.title}</h1>
      <p class="muted">${t.lead}</p>
      ${notice('error', v.error)} ${r ? notice('ok', summary(r)) : ''}
      <form method="post" action="/import" enctype="multipart/form-data" class="card stack measure">
        ${csrfField(v.frame.partner.csrf)}
        <label for="file">${t.file}</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        <div class="row"><button name="mode" value="dry-run">${t.dryRun}</button><button class="primary" name="mode" value="import">${t.import}</button></div>
      </form>
      ${
        r && !r.dryRun && r.outcome.created + r.outcome.existing > 0
          ? html`<section class="card offer" aria-label="${t.campaign}">
              <p>${t.campaignLead}</p>
              <a class="button" href="/campaigns?channel=email&amp;status=not-requested#start">${t.campaign}</a>
            </section>`
          : ''
      }
      ${
        r && r.outcome.invalid.length > 0
          ? html`<section aria-labelledby="bad-h">
              <h2 id="bad-h">${t.badLines}</h2>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">${t.line}</th>
                      <th scope="col">${t.problem}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${r.outcome.invalid.map(
                      (i) =>
                        html`<tr>
                          <td>${i.line}</td>
                          <td>${i.message}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              ${r.outcome.invalidCount > r.outcome.invalid.length ? html`<p class="muted">${t.more.replace('{count}', String(r.outcome.invalidCount - r.outcome.invalid.length))}</p>` : ''}
            </section>`
          : ''
      }`,
  });
}
