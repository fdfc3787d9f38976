import type { Command, CommandIO } from "./command";
import { commands as registered } from "./commands";
import { helpText as helpFor, processIO, runCommandLine } from "./runCommandLine";

/** The text of `sm-downscale --help` (default: every registered command). */
export function helpText(commands: Command[] = registered): string {
  return helpFor(commands);
}

/**
 * Entry point of the `sm-downscale` binary with every registered command (src/cli/commands.ts).
 * Resolves to the exit code: 0 success, 1 failure while working, 2 usage error (one line naming
 * the problem). The binary itself loads only the command typed when it can (bin/loadCli.js);
 * this entry serves `--help`, unknown commands, tests and notebooks.
 * @example
 * await main(["cubist", "--help"]); // 0
 */
export async function main(argv: string[], io: CommandIO = processIO, commands: Command[] = registered): Promise<number> {
  return runCommandLine(argv, io, commands);
}
