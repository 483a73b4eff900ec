import { maskPersonalData, scrubKnownPerson } from '@mca/platform';
import type { Customer } from '../db';

/** Someone a reason may quote (the representative asked, the customer's default one). */
export interface NamedPerson {
  firstName?: string;
  lastName?: string;
}

/**
 * The one place the data of a partner event about a customer is built, as it leaves the
 * service: the events feed, the webhook body and the notification email are all made from it
 * (it is what partner_events and the outbox store). A confidential customer's (StGB section
 * 203) carries its ids and tenant id only: no customer name, and a reason, which is the
 * service's own prose and quotes people ("declined by email reply from …"), with every known
 * name, address and phone number taken out, and any other address or phone masked. The
 * console, the partner's own view, still shows names: it reads the customer, not this.
 */
export function partnerFacingData(
  customer: Pick<Customer, '_id' | 'tenantId' | 'name' | 'confidential'>,
  facts: Record<string, unknown> & { reason?: string },
  people: ReadonlyArray<NamedPerson | undefined> = [],
): Record<string, unknown> {
  const about = { customerId: customer._id.toString(), tenantId: customer.tenantId };
  if (!customer.confidential) return { ...about, customerName: customer.name, ...facts };
  const { reason, ...rest } = facts;
  return { ...about, ...rest, ...(reason === undefined ? {} : { reason: withheldFrom(reason, customer.name, people) }) };
}

/**
 * Over-blanking is the safe side here: a representative named "Consent" costs a word of the
 * reason, a name left in breaks the partner's secrecy.
 */
function withheldFrom(reason: string, customerName: string, people: ReadonlyArray<NamedPerson | undefined>): string {
  // Addresses first, whoever's: what is left of one (its domain, often the practice's name) goes with the names.
  const names = [customerName, ...people.map((p) => [p?.firstName, p?.lastName].filter(Boolean).join(' '))].filter(Boolean);
  return scrubKnownPerson(maskPersonalData(reason), { names });
}
