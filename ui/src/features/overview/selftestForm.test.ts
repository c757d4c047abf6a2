import { describe, expect, it } from 'vitest';
import { toSelftestRequest, validateSelftestForm } from './selftestForm';

describe('self-test form', () => {
  it('accepts the limits the backend accepts', () => {
    expect(validateSelftestForm({ steps: '1', stepMillis: '0', target: '' })).toEqual({});
    expect(validateSelftestForm({ steps: '10000', stepMillis: '60000', target: 'demo' })).toEqual({});
  });

  it.each([
    ['0', /from 1 to 10000; 0 is out of range/],
    ['10001', /10001 is out of range/],
    ['2.5', /whole number/],
    ['-3', /whole number/],
    ['', /Enter the number of steps/],
  ])('names what is wrong with steps %j', (steps, message) => {
    expect(validateSelftestForm({ steps, stepMillis: '0', target: '' }).steps).toMatch(message);
  });

  it('checks the step delay and the target length', () => {
    const errors = validateSelftestForm({ steps: '5', stepMillis: '60001', target: 'x'.repeat(101) });
    expect(errors.stepMillis).toMatch(/step delay in milliseconds must be from 0 to 60000/);
    expect(errors.target).toMatch(/under 100 characters/);
  });

  it('sends numbers and leaves out an empty target', () => {
    expect(toSelftestRequest({ steps: '12', stepMillis: '250', target: '  ' })).toEqual({ steps: 12, stepMillis: 250 });
    expect(toSelftestRequest({ steps: '12', stepMillis: '0', target: ' demo ' })).toEqual({ steps: 12, stepMillis: 0, target: 'demo' });
  });
});
