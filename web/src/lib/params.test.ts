import { describe, expect, it } from 'vitest';
import { buildParams, FILTERS, OPERATIONS, parseNumbers } from './params';

describe('buildParams', () => {
  it('grayscale has no params; defaults fill the others', () => {
    expect(buildParams('grayscale', {})).toEqual({ params: {}, errors: {} });
    expect(buildParams('thumbnail', {}).params).toEqual({ maxWidth: 320, maxHeight: 320 });
    expect(buildParams('ascii', {}).params).toEqual({ width: 100, invert: false });
    expect(buildParams('colors', {}).params).toEqual({});
  });

  it('reads form strings and checkboxes', () => {
    expect(buildParams('ascii', { width: '80', invert: true }).params).toEqual({ width: 80, invert: true });
    expect(buildParams('thumbnail', { maxWidth: '100', maxHeight: '50' }).params).toEqual({ maxWidth: 100, maxHeight: 50 });
  });

  it('reports bad numbers per field', () => {
    expect(buildParams('ascii', { width: '0' }).errors).toEqual({ width: 'At least 1' });
    expect(buildParams('ascii', { width: '2.5' }).errors).toEqual({ width: 'Whole number' });
    expect(buildParams('thumbnail', { maxWidth: '' }).errors).toEqual({ maxWidth: 'Required' });
  });

  it('flattens filter params next to the name', () => {
    expect(buildParams('filter', { filter: 'SHARPEN' }).params).toEqual({ name: 'SHARPEN' });
    expect(buildParams('filter', { filter: 'GaussianBlur' }).params).toEqual({ name: 'GaussianBlur', radius: 2 });
    expect(buildParams('filter', { filter: 'UnsharpMask', 'UnsharpMask.percent': '200' }).params).toEqual({ name: 'UnsharpMask', radius: 2, percent: 200, threshold: 3 });
    expect(buildParams('filter', { filter: 'MedianFilter', 'MedianFilter.size': '4' }).errors).toEqual({ 'MedianFilter.size': 'Must be odd' });
    expect(buildParams('filter', { filter: 'RankFilter', 'RankFilter.rank': '9' }).errors).toEqual({ 'RankFilter.rank': 'Below 9 for size 3' });
  });

  it('builds a kernel with size as a pair and checks its length', () => {
    const ok = buildParams('filter', { filter: 'Kernel' });
    expect(ok.errors).toEqual({});
    expect(ok.params).toEqual({ name: 'Kernel', size: [3, 3], kernel: [0, -1, 0, -1, 5, -1, 0, -1, 0], offset: 0 });
    const scaled = buildParams('filter', { filter: 'Kernel', 'Kernel.scale': '9', 'Kernel.kernel': '1,1,1 1,1,1 1,1,1' });
    expect(scaled.params).toMatchObject({ scale: 9, kernel: [1, 1, 1, 1, 1, 1, 1, 1, 1] });
    expect(buildParams('filter', { filter: 'Kernel', 'Kernel.size': '5' }).errors['Kernel.kernel']).toMatch(/25 numbers, got 9/);
    expect(buildParams('filter', { filter: 'Kernel', 'Kernel.kernel': '1 x' }).errors['Kernel.kernel']).toBeDefined();
  });

  it('adds format and quality for image results only', () => {
    expect(buildParams('grayscale', { format: 'jpeg', quality: '70' }).params).toEqual({ format: 'jpeg', quality: 70 });
    expect(buildParams('grayscale', { format: 'png', quality: '70' }).params).toEqual({ format: 'png' });
    expect(buildParams('ascii', { format: 'jpeg' }).params).toEqual({ width: 100, invert: false });
    expect(buildParams('grayscale', { format: 'jpeg', quality: '101' }).errors).toEqual({ quality: 'At most 100' });
  });

  it('knows every operation and filter of the contract', () => {
    expect(OPERATIONS.map((o) => o.name).sort()).toEqual(['ascii', 'colors', 'filter', 'grayscale', 'thumbnail']);
    expect(FILTERS).toHaveLength(19);
  });

  it('parses number lists', () => {
    expect(parseNumbers(' 1, -2;3.5\n4 ')).toEqual([1, -2, 3.5, 4]);
    expect(parseNumbers('1 two')).toBeNull();
  });
});
