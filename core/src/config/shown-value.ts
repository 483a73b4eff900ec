/**
 * How a refused value appears in the one-line config error. The line goes to stderr and from
 * there into log collectors, so a secret is never echoed (a too-short ADMIN_TOKEN is still a
 * live token) and a URL's password is masked; everything else is shown to help fix a typo.
 */
const SECRET_NAMES = /(TOKEN|SECRET|PRIVATE_KEY|HMAC_KEYS|PASSWORD|SECRETS_KEY)$/;

export function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'null';
  if (SECRET_NAMES.test(name)) return '(value hidden)';
  return JSON.stringify(value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^/@]*@/i, '$1:***@'));
}
