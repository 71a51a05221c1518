import { ListenError } from '../../src/cli/ListenError';

const failure = (code: string) => Object.assign(new Error(`listen ${code} 10.0.0.1:80`), { code });

describe('ListenError', () => {
  it.each([
    ['EADDRINUSE', 'the port is in use (EADDRINUSE); pick another, or --port 0 for any free one'],
    ['EACCES', 'permission denied (EACCES); ports below 1024 need privileges'],
    ['EADDRNOTAVAIL', 'no such address on this machine (EADDRNOTAVAIL)'],
    ['EINVAL', 'listen EINVAL 10.0.0.1:80'],
  ])('says why serve cannot listen for %s', (code, why) => {
    const error = new ListenError('10.0.0.1', 80, failure(code));
    expect(error.message).toBe(`cannot listen on 10.0.0.1:80: ${why}`);
    expect(error).toMatchObject({ name: 'ListenError', host: '10.0.0.1', port: 80 });
  });
});
