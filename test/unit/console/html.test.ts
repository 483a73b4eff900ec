import { html } from '../../../services/api/src/console/html';

describe('console html templates', () => {
  test('every interpolated value is escaped, nested templates are not escaped twice', () => {
    const name = `<script>alert("x")</script> & 'co'`;
    const out = String(html`<p title="${name}">${name}${html`<b>${name}</b>`}</p>`);
    expect(out).not.toContain('<script>');
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</b></p>',
    );
  });

  test('lists are joined, empty values vanish, numbers print', () => {
    expect(String(html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>${undefined}${null}${false}${0}`)).toBe('<ul><li>a&lt;</li><li>b</li></ul>0');
  });
});
