import { describe, expect, it } from 'vitest';
import { canWrite, describeSession, parseSession, takeKeyFromUrl } from './session';

describe('parseSession', () => {
  it('reads the service answer', () => {
    const s = parseSession({ owner: '0b1c2d3e-0000-0000-0000-000000000000', ownerName: 'alice', keyName: 'laptop', scopes: ['read', 'write'], anonymous: false });
    expect(s).toEqual({ owner: '0b1c2d3e-0000-0000-0000-000000000000', ownerName: 'alice', keyName: 'laptop', scopes: ['read', 'write'], anonymous: false });
  });

  it('treats missing names as none, and an anonymous instance as such', () => {
    const s = parseSession({ owner: '00000000-0000-0000-0000-000000000000', scopes: ['admin', 7, 'read'], anonymous: true });
    expect(s?.ownerName).toBeNull();
    expect(s?.keyName).toBeNull();
    expect(s?.scopes).toEqual(['admin', 'read']);
    expect(s?.anonymous).toBe(true);
  });

  it('refuses what is not a session', () => {
    expect(parseSession(null)).toBeNull();
    expect(parseSession('owner')).toBeNull();
    expect(parseSession({ ownerName: 'x' })).toBeNull();
  });
});

describe('takeKeyFromUrl', () => {
  it('takes the key out and keeps the rest of the address', () => {
    expect(takeKeyFromUrl('http://localhost:8080/gallery?key=drk_abc&hue=30#top')).toEqual({ key: 'drk_abc', cleaned: '/gallery?hue=30#top' });
    expect(takeKeyFromUrl('http://localhost:8080/?key=%20drk_abc%20')).toEqual({ key: 'drk_abc', cleaned: '/' });
  });

  it('leaves an address without a key alone', () => {
    expect(takeKeyFromUrl('http://localhost:8080/jobs?x=1')).toEqual({ key: null, cleaned: 'http://localhost:8080/jobs?x=1' });
  });
});

describe('describeSession', () => {
  const base = { owner: '0b1c2d3e-4444-0000-0000-000000000000', ownerName: null, keyName: null, scopes: ['read'], anonymous: false };
  it('names the owner and the key', () => {
    expect(describeSession({ ...base, ownerName: 'alice', keyName: 'laptop' })).toBe('alice (laptop)');
    expect(describeSession(base)).toBe('owner 0b1c2d3e');
  });
  it('knows a read-only key', () => {
    expect(canWrite(base)).toBe(false);
    expect(canWrite({ ...base, scopes: ['read', 'write'] })).toBe(true);
  });
});
