import { Types } from 'mongoose';
import { partnerFacingData } from '@mca/core';

describe('partnerFacingData: what a partner event about a customer carries', () => {
  const customer = (confidential?: boolean) => ({ _id: new Types.ObjectId(), tenantId: 't-1', name: 'Praxis Dr. Anna-Lena Voss', confidential });
  const rep = { firstName: 'Anna-Lena', lastName: 'Voss' };

  test('an ordinary customer: ids, tenant, name and the facts as given', () => {
    const c = customer();
    expect(partnerFacingData(c, { requestId: 'r', reason: 'declined by email reply from anna@voss.example' }, [rep])).toEqual({
      customerId: c._id.toString(),
      tenantId: 't-1',
      customerName: 'Praxis Dr. Anna-Lena Voss',
      requestId: 'r',
      reason: 'declined by email reply from anna@voss.example',
    });
  });

  test('a confidential one: no name, and the reason keeps its words without names, addresses or phones', () => {
    const c = customer(true);
    const data = partnerFacingData(
      c,
      {
        requestId: 'r',
        reason: 'the envelope was signed by Voss <anna@praxis-voss.example> (+49 30 1234567), not Anna-Lena Voss of Praxis Dr. Anna-Lena Voss',
      },
      [rep, undefined],
    );
    expect(data).not.toHaveProperty('customerName');
    expect(data).toMatchObject({ customerId: c._id.toString(), tenantId: 't-1', requestId: 'r' });
    expect(data.reason).toMatch(
      /^the envelope was signed by \[name\] <email#[a-f0-9]{8}@\[name\]-\[name\]\.example> \(phone#[a-f0-9]{8}\), not \[name\] of \[name\]$/,
    );
    expect(String(data.reason)).not.toMatch(/voss|anna|lena|1234567/i);
  });

  test('a confidential one without a reason gets none', () => {
    expect(partnerFacingData(customer(true), { unlockedAt: 'x' })).not.toHaveProperty('reason');
  });
});
