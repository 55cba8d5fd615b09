import {
  classifyDeliveryAnswer,
  classifyNonceAnswer,
} from '../src/standing-permissions/classify-delivery-answer.js';

describe('the answers of a consumer’s update endpoint (docs/standing-permissions.md)', () => {
  it.each([
    [
      200,
      { status: 'applied', profile_version: 4 },
      { action: 'delivered', outcome: 'applied', profileVersion: 4 },
    ],
    [200, { status: 'duplicate' }, { action: 'delivered', outcome: 'duplicate' }],
    [200, { status: 'stale' }, { action: 'delivered', outcome: 'stale' }],
    [200, { status: 'withdrawn' }, { action: 'rejected', error: 'HTTP 200 unexpected_answer' }],
    [400, { error: 'invalid_nonce' }, { action: 'refetch_nonce', error: 'HTTP 400 invalid_nonce' }],
    [
      400,
      { error: 'invalid_request', error_description: 'Storgatan 1' },
      { action: 'rejected', error: 'HTTP 400 invalid_request' },
    ],
    [
      404,
      { error: 'unknown_standing_permission' },
      { action: 'rejected', error: 'HTTP 404 unknown_standing_permission' },
    ],
    [
      410,
      { error: 'standing_permission_withdrawn' },
      { action: 'consumer_withdrew', error: 'HTTP 410 standing_permission_withdrawn' },
    ],
    [429, undefined, { action: 'retry', error: 'HTTP 429' }],
    [503, { error: 'x y' }, { action: 'retry', error: 'HTTP 503' }],
  ])('an update answered %i %j: %j', (status, body, verdict) => {
    expect(classifyDeliveryAnswer({ kind: 'update', status, body })).toEqual(verdict);
  });

  it('counts a withdrawal as done when the consumer says withdrawn, or already ended it', () => {
    expect(
      classifyDeliveryAnswer({ kind: 'withdrawal', status: 200, body: { status: 'withdrawn' } }),
    ).toEqual({
      action: 'delivered',
      outcome: 'withdrawn',
    });
    expect(classifyDeliveryAnswer({ kind: 'withdrawal', status: 410, body: {} }).action).toBe('delivered');
  });

  it('counts a withdrawal of a permission the consumer does not know as done; an update stays rejected', () => {
    const body = { error: 'unknown_standing_permission' };
    expect(classifyDeliveryAnswer({ kind: 'withdrawal', status: 404, body })).toEqual({
      action: 'delivered',
      outcome: 'unknown_at_consumer',
    });
    expect(classifyDeliveryAnswer({ kind: 'update', status: 404, body }).action).toBe('rejected');
    expect(classifyDeliveryAnswer({ kind: 'withdrawal', status: 404, body: {} }).action).toBe('rejected');
  });

  it('retries when nothing answered, keeping only the reason code', () => {
    expect(classifyDeliveryAnswer({ kind: 'update', failure: 'no answer (timeout)' })).toEqual({
      action: 'retry',
      error: 'no answer (timeout)',
    });
  });

  it('reads the c_nonce, or says what to do without one', () => {
    expect(classifyNonceAnswer({ status: 200, body: { c_nonce: 'n' } })).toEqual({ nonce: 'n' });
    expect(classifyNonceAnswer({ status: 200, body: {} })).toMatchObject({ action: 'retry' });
    expect(classifyNonceAnswer({ status: 502 })).toMatchObject({ action: 'retry' });
    expect(classifyNonceAnswer({ status: 410 })).toMatchObject({ action: 'consumer_withdrew' });
    expect(classifyNonceAnswer({ status: 404 })).toMatchObject({ action: 'rejected' });
  });
});
