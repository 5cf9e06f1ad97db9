import { describe, expect, it } from 'vitest';
import lock from '../package-lock.json';
import pkg from '../package.json';

type Entry = { version?: string; resolved?: string; optionalDependencies?: Record<string, string>; dev?: boolean };
const packages = lock.packages as Record<string, Entry>;

// What `npm ci` demands on any machine: the lockfile matches package.json and lists every
// platform's optional native packages, not only the ones of the machine that wrote it.
describe('package-lock.json', () => {
  it('lists every optional dependency of every package, for every platform', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        const nested = `${path}/node_modules/${name}`;
        if (!(nested in packages) && !(`node_modules/${name}` in packages)) missing.push(`${name} (of ${path || 'the root'})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('records the devDependencies of package.json', () => {
    expect((packages[''] as { devDependencies?: Record<string, string> }).devDependencies).toEqual(pkg.devDependencies);
  });

  it('names no registry: packages are fetched from whatever registry npm is configured with', () => {
    expect(Object.values(packages).filter((e) => e.resolved)).toEqual([]);
  });
});
