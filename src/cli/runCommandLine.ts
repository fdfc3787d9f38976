import type { Command, CommandIO } from "./command";
import { UsageError } from "./usageError";

/** Writes to process.stdout / process.stderr, one line per call (a newline is added when missing). */
export const processIO: CommandIO = {
  out: (text) => { process.stdout.write(text.endsWith("\n") ? text : text + "\n"); },
  err: (text) => { process.stderr.write(text.endsWith("\n") ? text : text + "\n"); },
};

/** The text of `sm-downscale --help` for these commands. */
export function helpText(commands: Command[]): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "usage: sm-downscale <command> [options]",
    "",
    "Replicate Park et al. (2017) GLDAS soil-moisture downscaling with Cubist.",
    "",
    "commands:",
    ...(lines.length ? lines : ["  (none yet)"]),
    "",
    "Run 'sm-downscale <command> --help' for a command's options.",
  ].join("\n");
}

/**
 * Runs the command line `argv` (the words after `sm-downscale`) against `commands`, without
 * loading any other command (the binary passes only the command typed, when it can find it).
 * Resolves to the exit code: 0 success, 1 failure while working, 2 usage error (one line naming
 * the problem).
 * @example
 * await runCommandLine(["cubist", "--help"], processIO, [cubistCommand]); // 0, prints the usage
 */
export async function runCommandLine(argv: string[], io: CommandIO, commands: Command[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(helpText(commands));
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`sm-downscale: unknown command '${name}' (known: ${commands.map((c) => c.name).join(", ") || "none"}); see --help`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`sm-downscale ${e.message}`);
      return 2;
    }
    io.err(`sm-downscale ${name}: ${(e as Error).message}`);
    return 1;
  }
}
