import { AppError } from '../errors/app-error';

export interface ConfigProblem {
  /** The environment variable. */
  name: string;
  /** What is wrong with the value (never the value itself: it may be a secret). */
  problem: string;
  /** The form the variable expects. */
  expected: string;
}

/** Every problem with the environment at once, so an operator fixes them in one pass. */
export class ConfigError extends AppError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(
      'CONFIG_INVALID',
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.name}: ${p.problem}; expected ${p.expected}`).join('\n'),
      { isOperational: false },
    );
    this.problems = problems;
  }
}
