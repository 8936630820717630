import { AppError, ErrorHandler } from '../../../src/errors';
import { createLogger } from '../../../src/logging';
import { LogCapture } from '../../support/log-capture';

describe('error handler: what an operator reads', () => {
  const handlerWithLog = () => {
    const logs = new LogCapture();
    return { logs, handler: new ErrorHandler(createLogger({ level: 'info', pretty: false, secretValues: [], destination: logs })) };
  };

  it('when an operational failure is handled, then it is one line with its message and causes, and no stack', () => {
    const { logs, handler } = handlerWithLog();
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:1');
    handler.handle(new AppError('JOB_FAILED', 'job 7 (calls.fetch) failed (exhausted)', { httpStatus: 502, cause }), { source: 'worker' }, 'error');
    expect(logs.text).toContain('job 7 (calls.fetch) failed (exhausted)');
    expect(logs.text).toContain('Error: connect ECONNREFUSED 127.0.0.1:1');
    expect(logs.text).not.toMatch(/"stack"|\\n\s+at /);
  });

  it('when a bug is handled, then its stack is logged', () => {
    const { logs, handler } = handlerWithLog();
    handler.handle(new TypeError('cannot read properties of undefined'), { source: 'http' });
    expect(logs.text).toContain('"stack"');
  });
});
