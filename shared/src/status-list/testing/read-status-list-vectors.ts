import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { StatusListBits } from '../status-values.js';

/** The vectors are kept in the repository under test/vectors (see its README for their sources). */
const DIR = fileURLToPath(new URL('../../../../test/vectors/token-status-list/', import.meta.url));

export function readStatusListVector(...segments: string[]): string {
  return readFileSync(path.join(DIR, ...segments), 'utf8');
}

/** The draft's examples wrap `lst` over several lines inside the JSON string: join them again. */
export function readEncodedExample(file: string): { bits: StatusListBits; lst: string } {
  const text = readStatusListVector('ietf-examples', file);
  const bits = /"bits":\s*(\d+)/.exec(text)?.[1];
  const lst = /"lst":\s*"([^"]+)"/.exec(text)?.[1];
  if (bits === undefined || lst === undefined) throw new Error(`${file} has no bits/lst`);
  return { bits: Number(bits) as StatusListBits, lst: lst.replace(/\s+/g, '') };
}

export interface ExpectedStatuses {
  bits: StatusListBits;
  size: number;
  /** index -> status; every index not listed is 0. */
  nonzero_or_set: Record<string, number>;
}

export function readExpectedStatuses(): Record<string, ExpectedStatuses> {
  return JSON.parse(readStatusListVector('expected-statuses.json')) as Record<string, ExpectedStatuses>;
}

export function expandStatuses(expected: ExpectedStatuses): Uint8Array {
  const statuses = new Uint8Array(expected.size);
  for (const [idx, status] of Object.entries(expected.nonzero_or_set)) statuses[Number(idx)] = status;
  return statuses;
}
