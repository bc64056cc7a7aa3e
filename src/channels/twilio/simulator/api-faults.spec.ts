import { ApiFaults } from './api-faults';

const post = (to: string) => ({ to, method: 'POST' });

describe('ApiFaults', () => {
  it('faults `count` matching requests, then none', () => {
    const faults = new ApiFaults();
    faults.add({ mode: 'error', status: 500, count: 2 });
    expect(faults.take(post('+358401'))).toMatchObject({ mode: 'error', status: 500 });
    expect(faults.take({ method: 'GET' })).toMatchObject({ mode: 'error' });
    expect(faults.take(post('+358401'))).toBeUndefined();
  });

  it('faults for `forMs`, then none', () => {
    const faults = new ApiFaults();
    faults.add({ mode: 'hang', forMs: 1000 }, 10_000);
    expect(faults.take(post('+358401'), 10_999)).toMatchObject({ mode: 'hang' });
    expect(faults.take(post('+358401'), 11_000)).toBeUndefined();
  });

  it('a fault for one number leaves the others alone and counts only its own requests', () => {
    const faults = new ApiFaults();
    faults.add({ mode: 'drop-response', to: '+358401', count: 1 });
    expect(faults.take(post('+358402'))).toBeUndefined();
    expect(faults.take({ method: 'GET' })).toBeUndefined();
    expect(faults.take(post('+358401'))).toMatchObject({ mode: 'drop-response' });
    expect(faults.take(post('+358401'))).toBeUndefined();
  });

  it('the oldest matching fault applies first; without count or forMs a fault stays', () => {
    const faults = new ApiFaults();
    faults.add({ mode: 'error', status: 503, to: '+358401' });
    faults.add({ mode: 'hang', count: 1 });
    expect(faults.take(post('+358402'))).toMatchObject({ mode: 'hang' });
    for (let i = 0; i < 5; i++) expect(faults.take(post('+358401'))).toMatchObject({ mode: 'error', status: 503 });
    faults.clear();
    expect(faults.take(post('+358401'))).toBeUndefined();
  });

  it('a fault for one method leaves the other alone', () => {
    const faults = new ApiFaults();
    faults.add({ mode: 'drop-response', method: 'POST', count: 1 });
    expect(faults.take({ to: '+358401', method: 'GET' })).toBeUndefined();
    expect(faults.take(post('+358401'))).toMatchObject({ mode: 'drop-response' });
  });

  it('refuses a count or a duration that means nothing', () => {
    const faults = new ApiFaults();
    expect(() => faults.add({ mode: 'error', count: 0 })).toThrow('count');
    expect(() => faults.add({ mode: 'error', count: 1.5 })).toThrow('count');
    expect(() => faults.add({ mode: 'error', forMs: 0 })).toThrow('forMs');
  });
});
