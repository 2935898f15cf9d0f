// Run modes. Quick mode (CNN_QUICK=1) shrinks data and epochs so every notebook
// runs in a few minutes for CI; it changes sizes only, never which cells run.

/** True when CNN_QUICK is set to 1/true/yes. */
export function isQuick(): boolean {
  return /^(1|true|yes)$/i.test(process.env.CNN_QUICK ?? '');
}

/** The full-mode value normally, the quick-mode value under CNN_QUICK=1. */
export function pick<T>(full: T, quick: T): T {
  return isQuick() ? quick : full;
}
