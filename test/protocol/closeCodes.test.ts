import { CloseError, closeDisposition, closeMeaning, isRetryableClose } from '../../src/index';

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
    [1002, 'terminal'],
    [1007, 'terminal'],
    [1008, 'terminal'],
    [1009, 'terminal'],
    [4001, 'terminal'],
    [4003, 'terminal'],
    [4100, 'terminal'],
    [4400, 'terminal'],
    [4403, 'terminal'],
    [4404, 'terminal'],
    [4409, 'terminal'],
  ])('%i is %s on a first connect', (code, disposition) => {
    expect(closeDisposition(code)).toBe(disposition);
    expect(closeDisposition(code, { resuming: false })).toBe(disposition);
    expect(isRetryableClose(code)).toBe(disposition === 'retry' || disposition === 'rate-limited');
  });

  it.each([
    [1002, 'protocol error'],
    [1007, 'invalid payload (e.g. bad UTF-8)'],
    [1009, 'frame too big'],
  ])('%i (%s) is terminal: the same input would fail the same way again', (code, meaning) => {
    const error = new CloseError(code, '');
    expect({ code, disposition: closeDisposition(code), retryable: error.retryable }).toEqual({
      code,
      disposition: 'terminal',
      retryable: false,
    });
    expect(closeMeaning(code)).toBe(meaning);
  });

  it('knows no meaning for a code the table does not list', () => {
    expect(closeMeaning(4500)).toBeUndefined();
  });

  it('retries 4409 only when resuming: the server may not have noticed our dead socket yet', () => {
    expect(closeDisposition(4409, { resuming: true })).toBe('retry');
    expect(closeDisposition(4403, { resuming: true })).toBe('terminal');
    expect(new CloseError(4409, '', undefined, { resuming: true }).retryable).toBe(true);
    expect(new CloseError(4409, '').retryable).toBe(false);
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

  it.each([
    [4409, '', 'socket closed with code 4409: conversation already active: another client owns it'],
    [1007, '', 'socket closed with code 1007: invalid payload (e.g. bad UTF-8)'],
    [
      4404,
      'no such conversation',
      'socket closed with code 4404 (no such conversation): not found',
    ],
    [4400, '', 'socket closed with code 4400: bad request'],
    [4567, 'custom', 'socket closed with code 4567 (custom)'],
  ])('says what %i means', (code, reason, message) => {
    expect(new CloseError(code, reason).message).toBe(message);
  });
});
