/**
 * The landing page. The partner console (customer list, "Confirm MCA Acceptance", timeline)
 * is a later issue; until then this page says where the API and its description are.
 */
export const consolePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MCA consent service</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}code{background:#f2f2f2;padding:0 .25rem}</style>
</head><body>
<h1>MCA consent service</h1>
<p>Collects a customer's consent to the Microsoft Customer Agreement and unlocks the tenant for ordering.</p>
<ul>
<li>API description: <a href="/openapi.json"><code>/openapi.json</code></a></li>
<li>Health: <a href="/healthz"><code>/healthz</code></a>, readiness: <a href="/readyz"><code>/readyz</code></a>, metrics: <a href="/metrics"><code>/metrics</code></a></li>
</ul>
</body></html>`;
