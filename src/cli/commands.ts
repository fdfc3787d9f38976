import type { Command } from "./command";
import { cubistCommand } from "./cubistCommand";
import { fetchCommand } from "./fetchCommand";
import { produceCommand } from "./produceCommand";
import { rasterInfoCommand } from "./rasterInfoCommand";
import { replicaCommand } from "./replicaCommand";
import { twinCommand } from "./twinCommand";

/**
 * The registry of subcommands, in the order `--help` lists them.
 * Each capability adds its command here (one import, one entry).
 */
export const commands: Command[] = [
  cubistCommand,
  fetchCommand,
  produceCommand,
  rasterInfoCommand,
  replicaCommand,
  twinCommand,
];
