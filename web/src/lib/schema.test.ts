import { describe, expect, it } from 'vitest';
import fixture from './operations.fixture.json';
import { buildParams, type Catalog, describeRun, fieldKeyOf, formOf, labelOf, parseCatalog, variantOf } from './schema';

// The server's own answer to GET /api/operations (kept equal to it by OperationCatalogFixtureTest).
const catalog: Catalog = parseCatalog(fixture);
const form = (name: string) => formOf(catalog.details.find((d) => d.name === name)!);

describe('forms from the served schema', () => {
  it('has every operation and every filter the server declares', () => {
    expect(catalog.operations).toEqual(['ascii', 'colors', 'filter', 'grayscale', 'thumbnail']);
    expect(form('filter').discriminator?.variants).toHaveLength(19);
    expect(form('filter').discriminator?.variants.map((v) => v.label)).toContain('Gaussian blur');
  });

  it('takes defaults, labels and ranges from the schema, not from a copy', () => {
    expect(buildParams(form('grayscale'), {})).toEqual({ params: {}, errors: {} });
    expect(buildParams(form('thumbnail'), {}).params).toEqual({ maxWidth: 320, maxHeight: 320 });
    expect(buildParams(form('ascii'), {}).params).toEqual({ width: 100, invert: false });
    const radius = variantOf(form('filter'), { name: 'GaussianBlur' })!.fields[0];
    expect(radius).toMatchObject({ label: 'Radius', min: 0, max: 1000, default: 2 });
    const size = variantOf(form('filter'), { name: 'MedianFilter' })!.fields[0];
    expect(size).toMatchObject({ max: 25, odd: true, default: 3 });
  });

  it('refuses what the server would refuse, at the field, before anything is sent', () => {
    expect(buildParams(form('thumbnail'), { maxWidth: '5000' }).errors).toEqual({ maxWidth: 'At most 4096' });
    expect(buildParams(form('ascii'), { width: '0' }).errors).toEqual({ width: 'At least 1' });
    expect(buildParams(form('ascii'), { width: '2.5' }).errors).toEqual({ width: 'Whole number' });
    expect(buildParams(form('thumbnail'), { maxWidth: '' }).errors).toEqual({});
    expect(buildParams(form('filter'), { name: 'MedianFilter', 'MedianFilter.size': '4' }).errors).toEqual({ 'MedianFilter.size': 'Must be odd' });
    expect(buildParams(form('filter'), { name: 'BoxBlur', 'BoxBlur.radius': '' }).errors).toEqual({ 'BoxBlur.radius': 'Required' });
    expect(buildParams(form('filter'), { name: 'Kernel', 'Kernel.kernel': '1 2 3 4 5 6 7 8 9', 'Kernel.scale': '0' }).errors).toEqual({ 'Kernel.scale': 'Must not be 0' });
  });

  it('puts the filter name beside its own parameters', () => {
    expect(buildParams(form('filter'), { name: 'SHARPEN' }).params).toEqual({ name: 'SHARPEN' });
    expect(buildParams(form('filter'), { name: 'GaussianBlur' }).params).toEqual({ name: 'GaussianBlur', radius: 2 });
    expect(buildParams(form('filter'), { name: 'UnsharpMask', 'UnsharpMask.percent': '200' }).params).toEqual({ name: 'UnsharpMask', radius: 2, percent: 200, threshold: 3 });
    expect(buildParams(form('filter'), { name: 'RankFilter', 'RankFilter.size': '3', 'RankFilter.rank': '4' }).params).toEqual({ name: 'RankFilter', size: 3, rank: 4 });
  });

  it('offers a kernel size as a choice of the declared pairs', () => {
    const built = buildParams(form('filter'), { name: 'Kernel', 'Kernel.kernel': '0 -1 0 -1 5 -1 0 -1 0' });
    expect(built.errors).toEqual({});
    expect(built.params).toEqual({ name: 'Kernel', size: [3, 3], kernel: [0, -1, 0, -1, 5, -1, 0, -1, 0], offset: 0 });
    const size = variantOf(form('filter'), { name: 'Kernel' })!.fields.find((f) => f.name === 'size')!;
    expect(size.kind === 'select' && size.options.map((o) => o.label)).toEqual(['3 × 3', '5 × 5']);
    expect(buildParams(form('filter'), { name: 'Kernel', 'Kernel.size': '[5,5]', 'Kernel.kernel': '1 2' }).errors['Kernel.kernel']).toBe('At least 9 numbers, got 2');
    expect(buildParams(form('filter'), { name: 'Kernel', 'Kernel.kernel': '1 x' }).errors['Kernel.kernel']).toMatch(/Numbers only/);
  });

  it('adds format and quality for image results only, quality with the lossy formats the server names', () => {
    expect(buildParams(form('grayscale'), { format: 'jpeg', quality: '70' }).params).toEqual({ format: 'jpeg', quality: 70 });
    expect(buildParams(form('grayscale'), { format: 'webp', quality: '60' }).params).toEqual({ format: 'webp', quality: 60 });
    expect(buildParams(form('grayscale'), { format: 'auto', quality: '60' }).params).toEqual({ format: 'auto', quality: 60 });
    expect(form('grayscale').qualityFormats).toEqual(['jpeg', 'webp', 'auto']);
    expect(buildParams(form('grayscale'), { format: 'png', quality: '70' }).params).toEqual({ format: 'png' });
    expect(buildParams(form('ascii'), { format: 'jpeg' }).params).toEqual({ width: 100, invert: false });
    expect(buildParams(form('grayscale'), { format: 'jpeg', quality: '101' }).errors).toEqual({ quality: 'At most 100' });
    expect(form('grayscale').format[1]).toMatchObject({ default: 85 });
  });

  it('places the server’s problems at the fields they are about', () => {
    expect(fieldKeyOf(form('thumbnail'), {}, '/params/maxWidth')).toBe('maxWidth');
    expect(fieldKeyOf(form('filter'), { name: 'RankFilter' }, '/params/rank')).toBe('RankFilter.rank');
    expect(fieldKeyOf(form('filter'), { name: 'Kernel' }, '/params/kernel/2')).toBe('Kernel.kernel');
    expect(fieldKeyOf(form('filter'), {}, '/params/name')).toBe('name');
    expect(fieldKeyOf(form('thumbnail'), {}, '/imageIds/0')).toBeUndefined();
    expect(labelOf(form('thumbnail'), {}, 'maxWidth')).toBe('Max width');
  });

  it('names the filter when it describes a run', () => {
    expect(describeRun(form('filter'), { name: 'GaussianBlur', radius: 2 })).toBe('Gaussian blur filter');
    expect(describeRun(form('thumbnail'), {})).toBe('Thumbnail');
  });

  it('reads an older answer with names only', () => {
    expect(parseCatalog({ operations: ['grayscale'] })).toEqual({ operations: ['grayscale'], details: [] });
  });
});
