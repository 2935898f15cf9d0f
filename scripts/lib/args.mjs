// Command-line options for every script, through Node's own util.parseArgs, the
// same way everywhere: `--help` (or -h) prints the script's usage and exits 0; an
// unknown option, a missing value or a stray argument is one line on stderr
// naming the script, and exit code 2.
import * as path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * parseArgs({ options, allowPositionals, args }) plus --help and one-line errors.
 * `usage` is the text --help prints: its first line is the synopsis.
 */
export function parseCommandLine(usage, { options = {}, allowPositionals = false, args } = {}) {
  const script = path.basename(process.argv[1] ?? 'script');
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals,
    });
  } catch (e) {
    // parseArgs's messages go on with advice ("Unknown option '--x'. To specify a
    // positional argument…"): the first sentence says what is wrong.
    const what = String(e instanceof Error ? e.message : e).split(/\.(\s|$)/)[0];
    console.error(`${script}: ${what} (--help lists the options)`);
    process.exit(2);
  }
  if (parsed.values.help) {
    console.log(usage.trim());
    process.exit(0);
  }
  return parsed;
}
