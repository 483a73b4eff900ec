import { matchReseller } from '@mca/integrations';
import { parseRelationships } from '../../../integrations/src/partner-center/relationship-wire';
import { asSuppliedAllows, withoutUnsuppliedContactData } from '../../../core/src/consent/minimize-contact-data';

const A = '0a0a0a0a-1111-4222-8333-444444444444';
const OWN = '0d0d0d0d-1111-4222-8333-444444444444';
const reseller = (id: string, more: Record<string, unknown> = {}) => ({ id, relationshipType: 'IsIndirectResellerOf', state: 'active', ...more });

describe("the customer's resellers, as Partner Center lists them", () => {
  test('the wire answer is read defensively: null body, missing items, numeric MPN ids, items without an id', () => {
    expect(parseRelationships(null)).toEqual([]);
    expect(parseRelationships({ totalCount: 0 })).toEqual([]);
    expect(parseRelationships('<html>')).toEqual([]);
    expect(
      parseRelationships({
        totalCount: 3,
        items: [
          {
            id: A,
            name: 'Nordlys IT',
            mpnId: 4711042,
            relationshipType: 'IsIndirectResellerOf',
            state: 'active',
            location: 'NO',
            attributes: { objectType: 'PartnerRelationship' },
          },
          { name: 'no id', relationshipType: 'IsIndirectResellerOf' },
          null,
        ],
      }),
    ).toEqual([{ id: A, mpnId: '4711042', relationshipType: 'IsIndirectResellerOf', state: 'active' }]);
  });

  test('listed as an active indirect reseller by tenant id (any case) or MPN id: matched', () => {
    expect(matchReseller({ tenantId: A }, [reseller(A.toUpperCase())])).toEqual({ matched: true, by: 'tenant-id' });
    expect(matchReseller({ tenantId: OWN, mpnId: '42' }, [reseller(A, { mpnId: '42' })])).toEqual({ matched: true, by: 'mpn-id' });
  });

  test('another reseller, another relationship type, an inactive or stateless relationship: not matched', () => {
    expect(matchReseller({ tenantId: A }, [])).toEqual({ matched: false, why: 'not-listed' });
    expect(matchReseller({ tenantId: A }, [reseller('0b0b0b0b-1111-4222-8333-444444444444')])).toEqual({ matched: false, why: 'not-listed' });
    expect(matchReseller({ tenantId: A }, [reseller(A, { relationshipType: 'IsIndirectCloudSolutionProviderOf' })])).toEqual({
      matched: false,
      why: 'not-listed',
    });
    expect(matchReseller({ mpnId: '42' }, [reseller(A, { mpnId: '420' })])).toEqual({ matched: false, why: 'not-listed' });
    expect(matchReseller({ tenantId: A }, [reseller(A, { state: 'terminated' })])).toEqual({ matched: false, why: 'inactive', state: 'terminated' });
    expect(matchReseller({ tenantId: A }, [reseller(A, { state: undefined })])).toEqual({ matched: false, why: 'inactive', state: 'none stated' });
    expect(matchReseller({}, [reseller(A)], undefined)).toEqual({ matched: false, why: 'not-listed' });
  });

  test("the deployment's own tenant matches customers without an active indirect reseller, never a reseller's customer", () => {
    expect(matchReseller({ tenantId: OWN }, [], OWN)).toEqual({ matched: true, by: 'own-tenant' });
    expect(matchReseller({ tenantId: OWN.toUpperCase() }, [reseller(A, { state: 'terminated' })], OWN)).toEqual({ matched: true, by: 'own-tenant' });
    expect(matchReseller({ tenantId: OWN }, [reseller(A)], OWN)).toEqual({ matched: false, why: 'not-listed' });
    expect(matchReseller({ tenantId: OWN }, [], undefined)).toEqual({ matched: false, why: 'not-listed' });
  });
});

describe('contact data the partner may see', () => {
  const supplied = [{ email: 'Kari@Fjordkraft.example', phone: '+47 22 33 44 55' }];

  test('emails and phones the partner did not supply are left out at any depth; names and the rest stay', () => {
    const answer = {
      agreements: {
        items: [
          { primaryContact: { firstName: 'Per', lastName: 'Hansen', email: 'per@fjordkraft.example', phoneNumber: '+47 99 99 99 99' }, templateId: 't' },
          { primaryContact: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@fjordkraft.example', phoneNumber: '0047 22334455' } },
        ],
      },
      attestation: { signatoryEmail: 'per@fjordkraft.example', signatoryPhoneNumber: 12345, status: 'AgreementCreated' },
      directSignedStatus: { isSigned: true },
    };
    expect(withoutUnsuppliedContactData(answer, supplied)).toEqual({
      agreements: {
        items: [
          { primaryContact: { firstName: 'Per', lastName: 'Hansen' }, templateId: 't' },
          { primaryContact: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@fjordkraft.example', phoneNumber: '0047 22334455' } },
        ],
      },
      attestation: { status: 'AgreementCreated' },
      directSignedStatus: { isSigned: true },
    });
    expect(withoutUnsuppliedContactData(null, supplied)).toBeNull();
  });

  test('a person: the name always, email and phone only where supplied', () => {
    expect(asSuppliedAllows({ firstName: 'Per', lastName: 'Hansen', email: 'per@fjordkraft.example', phone: '+4799' }, supplied)).toEqual({
      firstName: 'Per',
      lastName: 'Hansen',
    });
    expect(asSuppliedAllows({ firstName: 'Kari', lastName: 'N', email: 'KARI@fjordkraft.example', phone: '+47 (22) 33-44-55' }, supplied)).toEqual({
      firstName: 'Kari',
      lastName: 'N',
      email: 'KARI@fjordkraft.example',
      phone: '+47 (22) 33-44-55',
    });
  });
});
