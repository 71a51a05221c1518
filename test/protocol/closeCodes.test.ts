import { CloseError, closeDisposition, isRetryableClose } from '../../src/index';

describe('close codes', () => {
  it.each([
    [1000, 'normal'],
    [1001, 'retry'],
    [1006, 'retry'],
    [1011, 'retry'],
    [1012, 'retry'],
    [4500, 'retry'],
    [1013, 'rate-limited'],
    [4029, 'rate-limited'],
    [1008, 'terminal'],
    [1009, 'terminal'],
    [4001, 'terminal'],
    [4003, 'terminal'],
    [4100, 'terminal'],
    [4403, 'terminal'],
  ])('%i is %s', (code, disposition) => {
    expect(closeDisposition(code)).toBe(disposition);
    expect(isRetryableClose(code)).toBe(disposition === 'retry' || disposition === 'rate-limited');
  });

  it('CloseError carries code, reason and retryable', () => {
    const error = new CloseError(4403, 'forbidden');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'CloseError',
      code: 4403,
      reason: 'forbidden',
      retryable: false,
    });
    expect(error.message).toBe('socket closed with code 4403 (forbidden)');
    expect(new CloseError(1012, '').retryable).toBe(true);
  });
});
