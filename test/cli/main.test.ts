import { main, helpText } from "../../src/cli/main";
import type { Command, CommandIO } from "../../src/cli/command";
import { parseOptions, numberOption } from "../../src/cli/parseOptions";

function collector(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => { stdout.push(t); }, err: (t) => { stderr.push(t); } };
}

const echo: Command = {
  name: "echo",
  summary: "prints its --word",
  usage: "usage: sm-downscale echo --word W [--times N]",
  async run(argv, io) {
    const { values } = parseOptions("echo", argv, { word: { type: "string" }, times: { type: "string" } });
    const times = numberOption("echo", "times", values.times, { min: 1, max: 3, integer: true }) ?? 1;
    for (let i = 0; i < times; i++) io.out(String(values.word));
    return 0;
  },
};

describe("sm-downscale main", () => {
  test("--help lists every command with its summary", async () => {
    const io = collector();
    expect(await main(["--help"], io, [echo])).toBe(0);
    expect(io.stdout.join("\n")).toContain("echo      prints its --word");
    expect(helpText([echo])).toMatch(/^usage: sm-downscale <command>/);
  });
  test("an unknown command exits 2 with one line naming it", async () => {
    const io = collector();
    expect(await main(["frobnicate"], io, [echo])).toBe(2);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/unknown command 'frobnicate'/);
  });
  test("an unknown option exits 2 naming the option", async () => {
    const io = collector();
    expect(await main(["echo", "--wrod", "x"], io, [echo])).toBe(2);
    expect(io.stderr[0]).toMatch(/echo: .*'--wrod'/);
  });
  test("a bad numeric value exits 2 naming option and value", async () => {
    const io = collector();
    expect(await main(["echo", "--word", "x", "--times", "7"], io, [echo])).toBe(2);
    expect(io.stderr[0]).toBe("sm-downscale echo: --times must be an integer in [1, 3], got '7'");
  });
  test("a good call runs the command", async () => {
    const io = collector();
    expect(await main(["echo", "--word", "hi", "--times", "2"], io, [echo])).toBe(0);
    expect(io.stdout).toEqual(["hi", "hi"]);
  });
  test("command --help prints its usage", async () => {
    const io = collector();
    expect(await main(["echo", "--help"], io, [echo])).toBe(0);
    expect(io.stdout[0]).toMatch(/^usage: sm-downscale echo/);
  });
});
