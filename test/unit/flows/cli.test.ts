import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRender } from '../../../src/cli/commands/render-command';
import type { CliIo } from '../../../src/cli/cli-io';
import { runValidate } from '../../../src/cli/commands/validate-command';
import { examplesDir, fixturesDir, repoRoot } from './flow-test-kit';

/** A CliIo writing into strings. */
// The examples' copy is the project these commands run in (flows/ is the user's).
function bufferIo(cwd = examplesDir, env: Record<string, string> = {}): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    cwd,
    readEnv: (name) => env[name],
    stdout: () => out,
    stderr: () => err,
  };
}

const bad = (name: string) => join(fixturesDir, 'bad', name);
const good = (name: string) => join(fixturesDir, 'good', name);

describe('texml-router validate', () => {
  it('when run in the project with no paths, then it checks flows/ and routes/ and exits 0', async () => {
    const io = bufferIo();
    expect(await runValidate([], io)).toBe(0);
    expect(io.stdout()).toBe('');
    expect(io.stderr()).toBe('ok: 8 flows, 0 errors, 0 warnings in 10 files\n');
  });

  it('when a project has a misindented key, an unclosed tag, unknown keys and a bad goto, then validate prints all of them in one run', async () => {
    const io = bufferIo(bad('all-at-once'));
    expect(await runValidate(['.'], io)).toBe(1);
    const expected = readFileSync(join(bad('all-at-once'), 'expected.txt'), 'utf8');
    expect(io.stdout()).toBe(expected);
    expect(io.stderr()).toBe('failed: 5 errors, 0 warnings in 3 files\n');
  });

  it('when given a project directory with errors, then it prints every diagnostic as file:line:col and exits 1', async () => {
    const io = bufferIo(bad('many-files'));
    expect(await runValidate(['.'], io)).toBe(1);
    const lines = io.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines).toContain("flows/broken-schema.yaml:6:49: error: 'dial.timeout' must be at most 120");
    // The schema error in step 'welcome' does not hide the bad goto next to it.
    expect(lines).toContain("flows/broken-schema.yaml:7:13: error: step 'welcome' in flow 'broken-schema' goes to unknown step 'goodby' (hint: did you mean 'goodbye'?)");
    expect(lines).toContain("routes/routes.yaml:8:11: warning: route sets variable 'unused' that flow 'main' never reads or declares (hint: declare it under vars: in flows/main.yaml)");
    expect(io.stderr()).toBe('failed: 7 errors, 3 warnings in 4 files\n');
  });

  it('when given the flows and routes directories, then it validates the same set as the project directory', async () => {
    const byDirs = bufferIo(bad('many-files'));
    const byProject = bufferIo(bad('many-files'));
    expect(await runValidate(['flows', 'routes'], byDirs)).toBe(1);
    await runValidate([bad('many-files')], byProject);
    expect(byDirs.stdout()).toBe(byProject.stdout());
  });

  it('when given single files, then a file in a routes/ directory is read as routes', async () => {
    const io = bufferIo(good('minimal'));
    expect(await runValidate(['flows/hello.yaml', 'routes/routes.yaml'], io)).toBe(0);
    expect(io.stderr()).toBe('ok: 1 flow, 0 errors, 0 warnings in 2 files\n');
  });

  it('when there are warnings only, then it exits 0, and 1 with --strict', async () => {
    // The example project plus one flow file with warnings (a file outside routes/ is a flow).
    const paths = [join(examplesDir, 'flows'), join(examplesDir, 'routes'), bad('prompt-defaults.yaml')];
    const io = bufferIo();
    expect(await runValidate(paths, io)).toBe(0);
    expect(io.stdout()).toContain("warning: gather in step 'pin' has no invalid, on_fail");
    expect(io.stderr()).toBe('ok: 9 flows, 0 errors, 2 warnings in 11 files\n');
    expect(await runValidate([...paths, '--strict'], bufferIo())).toBe(1);
  });

  it('when --format json is given, then the report is JSON with every diagnostic', async () => {
    const io = bufferIo(bad('routes-problems'));
    expect(await runValidate(['--format', 'json'], io)).toBe(1);
    const report = JSON.parse(io.stdout()) as { ok: boolean; errors: number; warnings: number; files: string[]; diagnostics: { file: string; line: number; column: number; severity: string; message: string; hint?: string }[] };
    expect(report).toMatchObject({ ok: false, errors: 5, warnings: 2, files: ['flows/main.yaml', 'routes/routes.yaml'] });
    expect(report.diagnostics[0]).toEqual({ file: 'routes/routes.yaml', line: 4, column: 11, severity: 'error', message: "route goes to unknown flow 'sales-line'", hint: 'flows are main' });
  });

  it('when --format json succeeds, then it lists the flows with their versions', async () => {
    const io = bufferIo();
    expect(await runValidate(['--format', 'json'], io)).toBe(0);
    const report = JSON.parse(io.stdout()) as { ok: boolean; flows: { name: string; version: string }[] };
    expect(report.ok).toBe(true);
    expect(report.flows.map((f) => f.name).sort()).toEqual(['callback-agent', 'callback-request', 'conference-bridge', 'main-line', 'outbound-campaign', 'support-queue', 'vip-line', 'vip-line-telnyx']);
  });

  it('when FLOWS_DIR and ROUTES_DIR are set, then validate without paths reads them', async () => {
    const io = bufferIo(fixturesDir, { FLOWS_DIR: 'good/minimal/flows', ROUTES_DIR: 'good/minimal/routes' });
    expect(await runValidate([], io)).toBe(0);
    expect(io.stderr()).toBe('ok: 1 flow, 0 errors, 0 warnings in 2 files\n');
  });

  it('when run without paths where there are no flows, then it says where it looked and exits 2', async () => {
    const io = bufferIo(fixturesDir);
    expect(await runValidate([], io)).toBe(2);
    expect(io.stderr()).toBe('texml-router validate: no flow or routes files in flows/ or routes/ (run it in the project directory, or name the paths)\n');
  });

  it('when a path does not exist, then it says so and exits 2', async () => {
    const io = bufferIo();
    expect(await runValidate(['no-such-dir'], io)).toBe(2);
    expect(io.stderr()).toBe('texml-router validate: no such file or directory: no-such-dir\n');
  });

  it('when an option value is not allowed, then commander reports it and the exit code is 1', async () => {
    const io = bufferIo();
    expect(await runValidate(['--format', 'xml'], io)).toBe(1);
    expect(io.stderr()).toContain("option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json.");
  });
});

describe('texml-router render', () => {
  const monday10am = '2026-03-02T10:00:00-06:00';

  it("when a flow is rendered, then its start step's TeXML is printed indented, and where it waits goes to stderr", async () => {
    const io = bufferIo();
    expect(await runRender(['main-line', '--at', monday10am], io)).toBe(0);
    expect(io.stdout()).toContain('<Response>\n  <Say voice="Polly.Joanna-Neural" language="en-US">Thanks for calling Example Corp.</Say>\n  <Gather action="https://texml-router.invalid/resume/main-line/main_menu/0?retries=0&amp;leg=0"');
    expect(io.stderr()).toBe('# steps: main-line.welcome -> main-line.main_menu\n# ends: waits at main-line.main_menu, action 0 (menu); add --input Name=value to continue\n');
  });

  it('when --input is given, then the waiting action is resumed with it and the next document is printed', async () => {
    const io = bufferIo();
    expect(await runRender(['main-line', '--step', 'main_menu', '--input', 'Digits=1', '--raw'], io)).toBe(0);
    expect(io.stdout()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna-Neural" language="en-US">Connecting you to sales.</Say><Dial action="https://texml-router.invalid/resume/main-line/sales/1?retries=0&amp;leg=0" timeout="20" callerId="+13125550100"><Number statusCallback="https://texml-router.invalid/callbacks/call-status?flow=main-line" statusCallbackEvent="initiated ringing answered completed">+13125550101</Number></Dial></Response>\n',
    );
  });

  it("when --input answers an http_request, then its mapped fields land in vars as Telnyx's action request would carry them", async () => {
    const io = bufferIo();
    expect(await runRender(['vip-line-telnyx', '--input', 'tier=vip', '--input', 'name=Ada', '--raw'], io)).toBe(0);
    expect(io.stdout()).toContain('Welcome back, Ada. Connecting you to your priority team.');
    const missing = bufferIo();
    expect(await runRender(['vip-line-telnyx', '--input', 'tier=vip', '--raw'], missing)).toBe(0);
    expect(missing.stderr()).toContain('# steps: vip-line-telnyx.menu -> main-line.main_menu');
  });

  it('when --param sets request values, then templates see them (neutralised)', async () => {
    const io = bufferIo();
    expect(await runRender(['callback-request', '--step', 'confirm_number', '--param', 'From=+13125550123', '--raw'], io)).toBe(0);
    expect(io.stdout()).toContain('We will call you back at (312) 555-0123.');
    const braces = bufferIo();
    await runRender(['conference-bridge', '--step', 'join_as_listener', '--var', 'meeting={{#secret}}x{{/secret}}', '--raw'], braces);
    expect(braces.stdout()).toContain('meeting-{{#secret}}x{{/secret}}'); // --var is the author's own value, not a request value
  });

  it('when --format json is given, then the jobs and the waiting state come too', async () => {
    const io = bufferIo();
    expect(await runRender(['callback-request', '--step', 'confirm_number', '--input', 'Digits=1', '--format', 'json'], io)).toBe(0);
    const out = JSON.parse(io.stdout()) as { ending: string; jobs: { op: string; delayMs: number }[] };
    expect(out.ending).toBe('hangup');
    expect(out.jobs).toMatchObject([{ op: 'calls.create', delayMs: 300_000 }]);
  });

  it('when the flow or step is unknown, or --input is given to a step that does not wait, then it exits 2 with a message', async () => {
    const unknownFlow = bufferIo();
    expect(await runRender(['nope'], unknownFlow)).toBe(2);
    expect(unknownFlow.stderr()).toMatch(/^texml-router render: unknown flow 'nope' \(flows: /);
    const unknownStep = bufferIo();
    expect(await runRender(['main-line', '--step', 'nope'], unknownStep)).toBe(2);
    const noWait = bufferIo();
    expect(await runRender(['main-line', '--step', 'goodbye', '--input', 'Digits=1'], noWait)).toBe(2);
    expect(noWait.stderr()).toBe("texml-router render: step 'goodbye' does not wait for the caller (it ends with hangup), so --input and --event do not apply\n");
    expect(await runRender(['main-line', '--param', 'From'], bufferIo())).toBe(2);
  });

  it("when --step names a queue's wait step, then it prints the waitUrl document Telnyx gets: no end-of-step Hangup", async () => {
    const io = bufferIo(join(repoRoot, 'test/fixtures/queue-wait'));
    expect(await runRender(['waiting', '--step', 'offer', '--raw'], io)).toBe(0);
    expect(io.stdout()).not.toContain('Hangup');
    expect(io.stdout()).toContain('<Say>To be called back, press 1 or say callback.</Say></Gather><Redirect>');
    expect(io.stderr()).toContain('# the wait step of waiting.wait (its waitUrl document');
    const silent = bufferIo(join(repoRoot, 'test/fixtures/queue-wait'));
    expect(await runRender(['waiting', '--step', 'offer', '--event', 'no-input', '--raw'], silent)).toBe(0);
    expect(silent.stdout()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Play>https://media.example.com/hold.mp3</Play></Response>\n');
  });

  it('when the flows do not load, then the errors are printed and it exits 1', async () => {
    const io = bufferIo(bad('many-files'));
    expect(await runRender(['main'], io)).toBe(1);
    expect(io.stderr()).toContain("flows/broken-schema.yaml:6:49: error: 'dial.timeout' must be at most 120\n");
  });

  it('when a flow reads env.NAME, then the value comes from the environment reader', async () => {
    const io = bufferIo(good('every-feature'), { SUPPORT_DESK: '+13125550111' });
    expect(await runRender(['everything', '--step', 'sales', '--input', 'DialCallStatus=no-answer', '--input', 'DialCallStatus=failed', '--raw'], io)).toBe(0);
    expect(io.stdout()).toMatch(/<Sip [^>]*>sip:sales@example.sip.telnyx.com<\/Sip>/);
  });
});

describe('the CLI binary', () => {
  it('when `texml-router validate` and `render` run as a process, then they print and exit as documented', () => {
    const run = (...args: string[]) => spawnSync('npx', ['tsx', join(repoRoot, 'src/cli/main.ts'), ...args], { cwd: examplesDir, encoding: 'utf8', timeout: 60_000 });
    const validate = run('validate');
    expect(validate.status).toBe(0);
    expect(validate.stderr).toContain('ok: 8 flows, 0 errors, 0 warnings in 10 files');
    const render = run('render', 'main-line', '--step', 'goodbye', '--raw');
    expect(render.status).toBe(0);
    expect(render.stdout).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna-Neural" language="en-US">Thank you for calling. Goodbye.</Say><Hangup/></Response>\n');
    const failing = run('validate', bad('cycle.yaml'));
    expect(failing.status).toBe(1);
  });
});
