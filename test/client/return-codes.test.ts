import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorFromReturnCode, ReturnCode } from '../../src/zk/return-codes.js';

describe('return codes of the C client', () => {
  test('every code an operation can fail with maps to a typed error with a stable code', () => {
    const expected: [number, string, boolean][] = [
      [ReturnCode.NONODE, 'NO_NODE', false],
      [ReturnCode.NODEEXISTS, 'NODE_EXISTS', false],
      [ReturnCode.BADVERSION, 'BAD_VERSION', false],
      [ReturnCode.NOTEMPTY, 'NOT_EMPTY', false],
      [ReturnCode.NOAUTH, 'NO_AUTH', false],
      [ReturnCode.CONNECTIONLOSS, 'CONNECTION_LOSS', true],
      // A reply out of order makes the C client drop the connection and fail every
      // pending request with -2 (seen in chaos runs when the server closes a session).
      [ReturnCode.RUNTIMEINCONSISTENCY, 'CONNECTION_LOSS', true],
      [ReturnCode.OPERATIONTIMEOUT, 'OPERATION_TIMEOUT', true],
      [ReturnCode.SESSIONEXPIRED, 'SESSION_EXPIRED', false],
      [ReturnCode.INVALIDSTATE, 'SESSION_EXPIRED', false],
    ];
    for (const [rc, code, retryable] of expected) {
      const e = errorFromReturnCode(rc, 'text', { op: 'create', path: '/a' });
      assert.equal(e.code, code, `rc ${rc}`);
      assert.equal(e.retryable, retryable, `rc ${rc}`);
      assert.equal(e.zkCode, rc, 'the numeric code stays on the error');
      assert.equal(e.path, '/a');
    }
  });
});
