import { describe, expect, it } from 'vitest';
import { parseArxivId } from './arxiv-id.ts';

describe('parseArxivId', () => {
  it.each([
    ['2401.12345', '2401.12345', null],
    ['2401.12345v2', '2401.12345', 2],
    ['arXiv:2401.12345', '2401.12345', null],
    ['  arxiv:2401.12345v7 ', '2401.12345', 7],
    ['hep-th/9901001', 'hep-th/9901001', null],
    ['math.GT/0309136v1', 'math.GT/0309136', 1],
    ['0704.0001', '0704.0001', null],
    ['https://arxiv.org/abs/2401.12345v3', '2401.12345', 3],
    ['https://arxiv.org/pdf/2401.12345', '2401.12345', null],
    ['http://export.arxiv.org/abs/hep-th/9901001v2', 'hep-th/9901001', 2],
    ['https://arxiv.org/pdf/2401.12345v1.pdf', '2401.12345', 1],
  ])('reads %s', (input, id, version) => {
    expect(parseArxivId(input)).toEqual({ id, version });
  });

  it.each([
    'not-an-id',
    '',
    '2401.123',
    '2413.12345',
    '2401.123456',
    'https://example.org/abs/2401.12345',
    '2401.12345v',
    'hep-th/990100',
  ])('rejects %s', (input) => {
    expect(parseArxivId(input)).toBeNull();
  });
});
