import pino from 'pino';
import { whatTheCallPlays } from '../../../src/cli/commands/dev-command';
import { ControlledClock } from '../../../src/clock';
import { FlowSetHolder } from '../../../src/flows/flow-set-holder';
import { exampleDirs } from '../../support/examples';

/** `npm run dev` says which steps its printed call plays at this hour, so the curl works at any hour. */
describe('the dev banner', () => {
  let flows: FlowSetHolder;
  beforeAll(async () => {
    flows = new FlowSetHolder(exampleDirs, { readEnv: () => undefined }, pino({ level: 'silent' }));
    await flows.load();
  });
  const at = (iso: string) => new ControlledClock({ startMs: Date.parse(iso), realNow: () => 0 });

  it('when the clock is inside business hours, then it says the call reaches the menu', () => {
    expect(whatTheCallPlays(flows, at('2026-12-08T10:00:00-06:00'))).toEqual(['  a call to +13125550100 now plays: main-line.welcome -> main-line.main_menu']);
  });

  it('when the clock is outside business hours, then it says the call plays the closed branch and how to set the clock', () => {
    expect(whatTheCallPlays(flows, at('2026-12-07T23:30:00-06:00'))).toEqual([
      '  a call to +13125550100 now plays: main-line.welcome -> main-line.closed -> main-line.voicemail',
      '  (business hours are closed by this clock; for the menu: npm run dev -- --clock 2026-12-08T10:00:00-06:00)',
    ]);
  });
});
