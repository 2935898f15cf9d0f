// The argument checks of the library's public functions, in one place and with one
// argument order: (value, what, constraint?, wording?). `what` names the function and
// the argument ('convolve2d stride'); each check returns the value it accepted, or throws
// an Error saying what was expected and what was found:
//   convolve2d stride: expected a positive integer, found 0
// Two other word orders are older than this module, and users and tests know them, so a
// caller may keep its own: 'expected-last' (data, models, optimizers: "adam learningRate:
// a positive number expected, found -1") and 'must-be' (training: "fit: batchSize must be
// a positive integer, found 0"). What was expected and found reads the same in all three.
import * as fs from 'fs';
import * as path from 'path';
import { tf } from './backend';

/** The word order of a message; see the top of this file. */
export type Wording = 'expected-first' | 'expected-last' | 'must-be';

function message(
  what: string,
  expected: string,
  found: string,
  wording: Wording,
  detail = '',
): string {
  switch (wording) {
    case 'expected-last':
      return `${what}: ${expected} expected${detail}, found ${found}`;
    case 'must-be':
      return `${what} must be ${expected}${detail}, found ${found}`;
    default:
      return `${what}: expected ${expected}${detail}, found ${found}`;
  }
}

/**
 * Throws "<what>: expected <expected>, found <found>" (`found` as written; see `describe`).
 * With `fix`, the message ends with the change that makes the call work: ". Fix: <fix>".
 */
export function fail(
  what: string,
  expected: string,
  found: string,
  wording: Wording = 'expected-first',
  fix?: string,
): never {
  throw new Error(message(what, expected, found, wording) + (fix ? `. Fix: ${fix}` : ''));
}

/** `fail`'s message as a warning line (the call goes on): "<what> should be …, found …. Fix: …". */
export function warning(what: string, expected: string, found: string, fix?: string): string {
  return `Warning: ${what} should be ${expected}, found ${found}${fix ? `. Fix: ${fix}` : ''}`;
}

/** "[batch, 28, 28, 1]": a shape as written in messages (`null` dimensions read "batch" first, else "?"). */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d, i) => (d === null ? (i === 0 ? 'batch' : '?') : d)).join(', ')}]`;
}

const article = (word: string) => (/^(?!uint)[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/** How a value reads after "found": numbers as written, strings quoted, tensors by dtype and shape. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object') return String(value);
  if (value instanceof tf.Tensor)
    return `${article(value.dtype)} tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) {
    const text = `[${value.map(describe).join(', ')}]`;
    return text.length <= 60 ? text : `an array of length ${value.length}`;
  }
  const name = (value as object).constructor?.name;
  if (name && name !== 'Object') return article(name);
  if ('shape' in value) {
    const shape = (value as { shape: unknown }).shape;
    return `data of shape [${Array.isArray(shape) ? shape.join(', ') : String(shape)}]`;
  }
  const keys = Object.keys(value);
  return keys.length ? `an object with keys ${keys.join(', ')}` : 'an empty object';
}

/** Bounds of a number: `min`/`max` inclusive, `above`/`below` exclusive. */
export interface Range {
  min?: number;
  max?: number;
  above?: number;
  below?: number;
}

/** "a number in [0, 1)", "a positive integer", "an integer 0..9", "a number >= 0"... */
function rangeText(kind: 'number' | 'integer', r: Range): string {
  const noun = kind === 'number' ? 'a number' : 'an integer';
  const low = r.min ?? r.above;
  const high = r.max ?? r.below;
  if (low === undefined && high === undefined)
    return kind === 'number' ? 'a finite number' : 'an integer';
  if (high === undefined) {
    if (r.above === 0 || (kind === 'integer' && r.min === 1)) return `a positive ${kind}`;
    return r.min !== undefined ? `${noun} >= ${r.min}` : `${noun} > ${r.above}`;
  }
  if (low === undefined)
    return r.max !== undefined ? `${noun} <= ${r.max}` : `${noun} < ${r.below}`;
  if (kind === 'integer' && r.min !== undefined && r.max !== undefined)
    return `an integer ${r.min}..${r.max}`;
  return `${noun} in ${r.min !== undefined ? '[' : '('}${low}, ${high}${r.max !== undefined ? ']' : ')'}`;
}

/** A number of `kind` within `r`, or the error that says so. */
function checkRange(
  kind: 'number' | 'integer',
  value: unknown,
  what: string,
  r: Range,
  wording?: Wording,
): number {
  const ok =
    typeof value === 'number' &&
    (kind === 'integer' ? Number.isInteger(value) : Number.isFinite(value)) &&
    (r.min === undefined || value >= r.min) &&
    (r.max === undefined || value <= r.max) &&
    (r.above === undefined || value > r.above) &&
    (r.below === undefined || value < r.below);
  if (!ok) fail(what, rangeText(kind, r), describe(value), wording);
  return value as number;
}

/** A finite number within `range` (no range: any finite number). */
export function numberIn(value: unknown, what: string, range: Range = {}, wording?: Wording) {
  return checkRange('number', value, what, range, wording);
}

/** A finite number > 0. */
export function positiveNumber(value: unknown, what: string, wording?: Wording): number {
  return numberIn(value, what, { above: 0 }, wording);
}

/** An integer within `range` (no range: any integer). */
export function integerIn(value: unknown, what: string, range: Range = {}, wording?: Wording) {
  return checkRange('integer', value, what, range, wording);
}

/** An integer >= 1. */
export function positiveInteger(value: unknown, what: string, wording?: Wording): number {
  return integerIn(value, what, { min: 1 }, wording);
}

/** "'a'", "'a' or 'b'", "'a', 'b' or 'c'". */
function choices(options: readonly unknown[]): string {
  const all = options.map(describe);
  return all.length < 2 ? all.join('') : `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}`;
}

/** Edits (insertions, deletions, substitutions) between two short strings. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/**
 * The option a typo'd string most likely meant, quoted: the one that differs only in case,
 * else the single closest within 2 edits ('adamm' -> 'adam', not 'adamax').
 */
export function meant(value: unknown, options: readonly unknown[]): string | undefined {
  if (typeof value !== 'string' || value.length < 3) return undefined;
  const names = options.filter((o): o is string => typeof o === 'string');
  const sameLetters = names.filter((o) => o.toLowerCase() === value.toLowerCase());
  if (sameLetters.length === 1) return describe(sameLetters[0]);
  const near = names.map((o) => ({ o, d: editDistance(o, value) })).filter(({ d }) => d <= 2);
  const best = Math.min(...near.map(({ d }) => d));
  const closest = near.filter(({ d }) => d === best);
  return closest.length === 1 ? describe(closest[0].o) : undefined;
}

/** One of `options` (compared with ===); a near miss ('conv2D', 'grpah') gets the option as its fix. */
export function oneOf<T>(
  value: unknown,
  what: string,
  options: readonly T[],
  wording?: Wording,
): T {
  if (!options.includes(value as T))
    fail(what, choices(options), describe(value), wording, meant(value, options));
  return value as T;
}

/**
 * A folder holding all of `files` (a dataset's): the error says whether the folder does not
 * exist or which files it lacks.
 */
export function folderWith(
  dir: unknown,
  what: string,
  files: readonly string[],
  expected: string,
  fix?: string,
): string {
  if (typeof dir !== 'string' || dir === '') fail(what, expected, describe(dir), 'must-be', fix);
  if (!fs.existsSync(dir)) fail(what, expected, `'${dir}', which does not exist`, 'must-be', fix);
  const missing = files.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length)
    fail(what, expected, `'${dir}', which lacks ${missing.join(', ')}`, 'must-be', fix);
  return dir;
}

/**
 * A length or count (`value`) that must equal `length`. With `per` the message says what the count
 * stands for: "imageGrid titles: expected one per image (2), found 1".
 */
export function sameLength(
  value: number,
  what: string,
  length: number,
  per?: string,
  wording: Wording = 'expected-first',
): number {
  if (value !== length) {
    throw new Error(
      per === undefined
        ? message(what, `${length} values`, String(value), wording)
        : message(what, per, String(value), wording, ` (${length})`),
    );
  }
  return value;
}

const count = (n: number, noun: string) => (n === 1 ? `one ${noun}` : `${n} ${noun}s`);

/** A tf.LayersModel (Sequential or functional); `io` also checks its number of inputs and outputs. */
export function layersModel(
  value: unknown,
  what: string,
  io?: { inputs: number; outputs: number },
  wording?: Wording,
): asserts value is tf.LayersModel {
  if (!(value instanceof tf.LayersModel))
    fail(what, 'a tf.LayersModel (Sequential or functional)', describe(value), wording);
  if (io && (value.inputs.length !== io.inputs || value.outputs.length !== io.outputs))
    fail(
      what,
      `a model with ${count(io.inputs, 'input')} and ${count(io.outputs, 'output')}`,
      `${count(value.inputs.length, 'input')} and ${count(value.outputs.length, 'output')}`,
      wording,
    );
}

/** A tf.Tensor. */
export function tensor(
  value: unknown,
  what: string,
  wording?: Wording,
): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor)) fail(what, 'a tf.Tensor', describe(value), wording);
}

/** A non-empty, rectangular matrix of finite numbers; returns its [rows, cols]. */
export function numberMatrix(value: unknown, what: string): [number, number] {
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0]) || !value[0].length)
    fail(what, 'a non-empty number[][]', describe(value));
  const cols = (value[0] as unknown[]).length;
  value.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== cols)
      throw new Error(
        `${what}: every row must have ${cols} values, ${Array.isArray(row) ? `row ${i} has ${row.length}` : `row ${i} is ${describe(row)}`}`,
      );
    if (!row.every((v) => typeof v === 'number' && Number.isFinite(v)))
      throw new Error(`${what}: row ${i} has a non-finite value: ${describe(row)}`);
  });
  return [value.length, cols];
}
