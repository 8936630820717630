import { CommanderError, type Command } from 'commander';
import { readEnvironmentValue } from '../config';

/** Where a command writes and what it reads: the process in production, buffers in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** Values for env.NAME (the config module's reader). */
  readEnv(name: string): string | undefined;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
  readEnv: (name) => readEnvironmentValue(name),
};

/**
 * Runs a command in process with the arguments after its name and resolves to its exit code
 * (commander's own usage errors included), so tests drive the CLI without spawning it.
 */
export async function runCommand(create: (setExitCode: (code: number) => void) => Command, args: readonly string[]): Promise<number> {
  let code = 0;
  const command = create((exitCode) => {
    code = exitCode;
  });
  command.exitOverride();
  try {
    await command.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  return code;
}
