import type { Command, CommandIO } from "./command";
import { commands as registered } from "./commands";
import { UsageError } from "./usageError";

const processIO: CommandIO = {
  out: (text) => { process.stdout.write(text.endsWith("\n") ? text : text + "\n"); },
  err: (text) => { process.stderr.write(text.endsWith("\n") ? text : text + "\n"); },
};

/** The text of `sm-downscale --help`. */
export function helpText(commands: Command[] = registered): string {
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
 * Entry point of the `sm-downscale` binary. Resolves to the exit code:
 * 0 success, 1 failure while working, 2 usage error (one line naming the problem).
 */
export async function main(argv: string[], io: CommandIO = processIO, commands: Command[] = registered): Promise<number> {
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
