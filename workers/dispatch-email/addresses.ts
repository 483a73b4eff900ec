export const replyAddress = (token: string, domain: string) => `reply+${token}@${domain}`;
/** VERP: delivery reports come back to an address that names the request. */
export const bounceAddress = (token: string, domain: string) => `bounce+${token}@${domain}`;
