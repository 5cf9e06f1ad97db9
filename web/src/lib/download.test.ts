import { describe, expect, it } from 'vitest';
import { dispositionFilename } from './download';

describe('Content-Disposition', () => {
  it('reads the name the server gives a result, UTF-8 form first', () => {
    expect(dispositionFilename(`inline; filename="=?UTF-8?Q?caf=C3=A9-grayscale.png?="; filename*=UTF-8''caf%C3%A9-grayscale.png`)).toBe('café-grayscale.png');
    expect(dispositionFilename('inline; filename="coffee-GaussianBlur.png"')).toBe('coffee-GaussianBlur.png');
    expect(dispositionFilename('attachment; filename=plain.txt')).toBe('plain.txt');
    expect(dispositionFilename(null)).toBeUndefined();
  });
});
