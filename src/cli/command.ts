/** One subcommand of `sm-downscale`. */
export interface Command {
  /** The word typed after `sm-downscale`. */
  name: string;
  /** One line for `--help`. */
  summary: string;
  /** Full usage text for `sm-downscale <name> --help`. */
  usage: string;
  /**
   * Runs the command with the arguments after its name; resolves to the exit code.
   * @throws UsageError for bad arguments (the caller prints it on one line and exits 2).
   */
  run(argv: string[], io: CommandIO): Promise<number>;
}

/** Where a command writes; tests pass collectors, the binary passes process.stdout/stderr. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}
