import { CLOSED, OPEN, compileFlow, render } from './flow-test-kit';

/** Compiles `branch: [{ if: CONDITION, goto: yes }, { else: no }]` and says which arm a call takes. */
function branchOn(condition: string) {
  const set = compileFlow(`
start: test
env: [REGION]
vars: { tier: standard, count: 0, flag: false }
steps:
  test:
    - branch:
        - if: ${condition}
          goto: "yes"
        - else: "no"
  "yes":
    - say: taken
  "no":
    - say: not taken
`, { env: { REGION: 'emea' } });
  return (options: { vars?: Record<string, string | number | boolean>; params?: Record<string, string>; result?: Record<string, string>; now?: Date } = {}) => {
    const { vars, ...rest } = options;
    const texml = render(set, 'main', undefined, { ...rest, ...(vars ? { vars } : {}) }).texml;
    return texml.includes('<Say>taken</Say>');
  };
}

describe('branch conditions', () => {
  it('when equals compares a value, then it matches the text form of numbers and booleans too', () => {
    const test = branchOn('{ value: vars.tier, equals: gold }');
    expect(test({ vars: { tier: 'gold' } })).toBe(true);
    expect(test({ vars: { tier: 'Gold' } })).toBe(false);
    expect(branchOn('{ value: vars.count, equals: 3 }')({ vars: { count: 3 } })).toBe(true);
    expect(branchOn('{ value: vars.flag, equals: true }')({ vars: { flag: true } })).toBe(true);
  });

  it('when not_equals is used, then it is the negation of equals', () => {
    const test = branchOn('{ value: vars.tier, not_equals: standard }');
    expect(test()).toBe(false);
    expect(test({ vars: { tier: 'gold' } })).toBe(true);
  });

  it('when in lists values, then any of them matches', () => {
    const test = branchOn('{ value: call.from, in: ["+13125550111", "+13125550199"] }');
    expect(test()).toBe(true);
    expect(test({ params: { From: '+13125550000' } })).toBe(false);
  });

  it('when prefix is one string or a list, then a value starting with any of them matches', () => {
    expect(branchOn('{ value: call.from, prefix: "+1312" }')()).toBe(true);
    const list = branchOn('{ value: call.from, prefix: ["+44", "+49"] }');
    expect(list()).toBe(false);
    expect(list({ params: { From: '+4930123456' } })).toBe(true);
  });

  it('when matches holds a regular expression, then it is searched in the value', () => {
    const test = branchOn('{ value: input.speech, matches: "^yes|yeah" }');
    expect(test({ result: { SpeechResult: 'yes please' } })).toBe(true);
    expect(test({ result: { SpeechResult: 'oh yeah' } })).toBe(true);
    expect(test({ result: { SpeechResult: 'no' } })).toBe(false);
  });

  it('when exists is true or false, then an empty or missing value counts as absent', () => {
    const present = branchOn('{ value: input.digits, exists: true }');
    expect(present({ result: { Digits: '5' } })).toBe(true);
    expect(present({ result: {} })).toBe(false);
    expect(branchOn('{ value: call.answered_by, exists: false }')()).toBe(true);
  });

  it('when gt, gte, lt or lte compare numbers, then non-numeric values never match', () => {
    expect(branchOn('{ value: vars.count, gt: 2 }')({ vars: { count: 3 } })).toBe(true);
    expect(branchOn('{ value: vars.count, gt: 3 }')({ vars: { count: 3 } })).toBe(false);
    expect(branchOn('{ value: vars.count, gte: 3 }')({ vars: { count: '3' } })).toBe(true);
    expect(branchOn('{ value: vars.count, lt: 3 }')({ vars: { count: 2.5 } })).toBe(true);
    expect(branchOn('{ value: vars.count, lte: 3 }')({ vars: { count: 4 } })).toBe(false);
    expect(branchOn('{ value: input.digits, lt: 100 }')({ result: { Digits: '#' } })).toBe(false);
    expect(branchOn('{ value: input.digits, lt: 100 }')({ result: {} })).toBe(false);
  });

  it('when a calendar is open or closed, then the call clock decides', () => {
    const open = branchOn('{ open: business_hours }');
    const closed = branchOn('{ closed: business_hours }');
    expect(open({ now: OPEN })).toBe(true);
    expect(open({ now: CLOSED })).toBe(false);
    expect(closed({ now: CLOSED })).toBe(true);
    // 2026-12-25 is a Friday and a holiday.
    expect(open({ now: new Date('2026-12-25T16:00:00Z') })).toBe(false);
    // 16:59 is open, 17:00 is not (ranges end exclusive), in Chicago's time.
    expect(open({ now: new Date('2026-03-02T22:59:00Z') })).toBe(true);
    expect(open({ now: new Date('2026-03-02T23:00:00Z') })).toBe(false);
  });

  it('when all, any and not combine conditions, then they nest', () => {
    const test = branchOn('{ all: [{ value: vars.tier, equals: gold }, { any: [{ value: call.from, prefix: "+44" }, { not: { value: env.REGION, equals: us } }] }] }');
    expect(test({ vars: { tier: 'gold' } })).toBe(true);
    expect(test({ vars: { tier: 'silver' } })).toBe(false);
  });

  it('when no arm matches and there is no else, then the step continues after the branch', () => {
    const set = compileFlow(`
start: a
steps:
  a:
    - branch:
        - if: { value: vars.x, equals: never }
          goto: b
    - say: fell through
  b:
    - say: b
vars: { x: "" }
`);
    expect(render(set, 'main').texml).toContain('<Say>fell through</Say>');
  });

  it('when several arms match, then the first one wins', () => {
    const set = compileFlow(`
start: a
steps:
  a:
    - branch:
        - if: { value: call.from, prefix: "+1" }
          goto: first
        - if: { value: call.from, prefix: "+1312" }
          goto: second
  first:
    - say: first
  second:
    - say: second
`);
    expect(render(set, 'main').texml).toContain('<Say>first</Say>');
  });
});
