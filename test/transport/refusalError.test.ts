import { CloseError } from '../../src/protocol/CloseError';
import { refusalError } from '../../src/transport/refusalError';
import { refusalError as browserRefusalError } from '../../src/transport/refusalError.browser';

// What a socket's `error` event means before its close says: `ws` refuses a
// bad inbound frame itself and reports it as an error with a code. Browser
// bundles get refusalError.browser.ts (scripts/build.mjs maps it), as a
// browser's WebSocket errors carry no code and always close with one.
describe('refusalError', () => {
  const refused = (code: string): { code: number; message: string } | undefined => {
    const error = refusalError(Object.assign(new Error(code), { code }), 1024, false);
    return error && { code: error.code, message: error.message };
  };

  it("maps ws's refusals to the code it sent the server", () => {
    expect({
      tooLong: refused('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'),
      utf8: refused('WS_ERR_INVALID_UTF8'),
      inflate: refused('Z_DATA_ERROR')?.code,
      parts: refused('WS_ERR_TOO_MANY_BUFFERED_PARTS')?.code,
      other: refused('WS_ERR_INVALID_OPCODE')?.code,
      notWs: refused('ECONNRESET'),
    }).toEqual({
      tooLong: { code: 1009, message: expect.stringContaining('exceeded maxFrameBytes (1024)') },
      utf8: { code: 1007, message: expect.stringContaining('the client refused an inbound frame') },
      inflate: 1007,
      parts: 1008,
      other: 1002,
      notWs: undefined,
    });
  });

  it('leaves every error to the close in a browser bundle', () => {
    const wsError = Object.assign(new Error('too big'), { code: 'WS_ERR_INVALID_UTF8' });
    expect([
      browserRefusalError(wsError, 1024, false),
      browserRefusalError(new Event('error'), 1024, true),
    ]).toEqual([undefined, undefined]);
    expect(refusalError(wsError, 1024, false)).toBeInstanceOf(CloseError);
  });
});
