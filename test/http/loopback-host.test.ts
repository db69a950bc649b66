import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../lib/http/loopback-host.ts';

describe('a loopback Host header', () => {
  it('is a loopback name with or without a port', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:8080', 'localhost', 'LOCALHOST:4566', '[::1]', '[::1]:80']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it('is not any other name, a name that only starts like one, or a missing header', () => {
    for (const host of ['attacker.example', 'attacker.example:8080', '127.0.0.1.attacker.example', 'localhost.attacker.example', '127.0.0.2', '', '127.0.0.1:80:80', '::1']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
    expect(isLoopbackHost(undefined)).toBe(false);
  });
});
