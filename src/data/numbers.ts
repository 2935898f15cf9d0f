// Number formatting for error messages: "30,730,000 bytes" reads better than 30730000.

/** 30730000 -> "30,730,000". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
