import { TEXML_NOUN_NAMES, TEXML_RULES, TEXML_VERB_NAMES, type ElementRule } from '../../../src/texml';

const rules: [string, ElementRule][] = Object.entries(TEXML_RULES);

describe('TEXML_RULES', () => {
  it('when listed, then the registry has exactly one rule per verb and noun', () => {
    expect(Object.keys(TEXML_RULES).sort()).toEqual([...TEXML_VERB_NAMES, ...TEXML_NOUN_NAMES].sort());
  });

  it('when an element takes children, then it takes no text (the serializer relies on it)', () => {
    for (const [name, rule] of rules) {
      if (Object.keys(rule.children).length > 0) expect([name, rule.text]).toEqual([name, 'forbidden']);
    }
  });

  it('when an element is a verb, then it may appear in Response; a noun appears inside some other element', () => {
    for (const verb of TEXML_VERB_NAMES) expect([verb, TEXML_RULES[verb].inResponse]).toEqual([verb, true]);
    for (const noun of TEXML_NOUN_NAMES) {
      expect([noun, TEXML_RULES[noun].inResponse]).toEqual([noun, false]);
      expect(rules.some(([, r]) => Object.hasOwn(r.children, noun))).toBe(true);
    }
  });

  it('when TwiML-only verbs are looked up, then they are not in the vocabulary', () => {
    for (const name of ['Client', 'Room', 'VirtualAgent', 'Sms', 'Echo', 'Autopilot']) expect(Object.hasOwn(TEXML_RULES, name)).toBe(false);
  });

  it('when Pay is looked up, then it is a verb (its own Telnyx page documents it; the compatibility table lags)', () => {
    expect(TEXML_RULES.Pay.inResponse).toBe(true);
  });

  it('when Recording is looked up, then only Start takes it', () => {
    expect(rules.filter(([, r]) => Object.hasOwn(r.children, 'Recording')).map(([n]) => n)).toEqual(['Start']);
  });

  it('when the documented ranges are checked, then the rules accept the bounds and refuse one past them', () => {
    const cases: [keyof typeof TEXML_RULES, string, number, number][] = [
      ['Say', 'loop', 0, 10],
      ['Pause', 'length', 1, 180],
      ['Gather', 'timeout', 1, 120],
      ['Dial', 'timeout', 5, 120],
      ['Dial', 'timeLimit', 60, 14400],
      ['Conference', 'maxParticipants', 2, 250],
      ['Record', 'maxLength', 0, 14400],
      ['Conference', 'recordingTimeout', 0, 14400],
      ['Number', 'machineDetectionPromptEndTimeout', 1000, 120000],
      ['Pay', 'maxAttempts', 1, 3],
      ['Pay', 'timeout', 1, 600],
      ['Pay', 'interDigitTimeout', 1, 600],
    ];
    for (const [verb, attribute, min, max] of cases) {
      const rule = (TEXML_RULES[verb].attributes as Record<string, ElementRule['attributes'][string]>)[attribute]!;
      expect([attribute, rule.normalize(min), rule.normalize(max)]).toEqual([attribute, String(min), String(max)]);
      expect([attribute, rule.normalize(min - 1), rule.normalize(max + 1)]).toEqual([attribute, undefined, undefined]);
    }
  });
});
