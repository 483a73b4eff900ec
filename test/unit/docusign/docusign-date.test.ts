import { parseDocuSignDate } from '../../../integrations/src/docusign/docusign-date';

describe('parseDocuSignDate', () => {
  test.each([
    ['7 fractional digits, UTC', '2022-09-22T15:22:53.4580747Z', 0, '2022-09-22T15:22:53.458Z'],
    ['2 fractional digits', '2022-09-22T15:22:52.92Z', 0, '2022-09-22T15:22:52.920Z'],
    ['no zone: UTC', '2020-03-28T23:56:54.043', 0, '2020-03-28T23:56:54.043Z'],
    ['no zone with offset -7', '2020-03-28T23:56:54.043', -7, '2020-03-29T06:56:54.043Z'],
    ['no zone with offset 5.5', '2020-03-28T12:00:00', 5.5, '2020-03-28T06:30:00.000Z'],
    ['explicit zone wins over the offset', '2020-03-28T12:00:00+02:00', -7, '2020-03-28T10:00:00.000Z'],
  ])('%s', (_label, text, offset, iso) => {
    expect(parseDocuSignDate(text, offset)?.toISOString()).toBe(iso);
  });

  test.each([undefined, '', 'yesterday', '2020-13-45T99:00:00'])('not a time: %s', (text) => {
    expect(parseDocuSignDate(text)).toBeUndefined();
  });
});
