import { deflateSync } from 'node:zlib';
import { StatusListError } from './status-list-error.js';
import { isStatusListBits, type EncodedStatusList, type StatusListBits } from './status-values.js';

/**
 * Packs one status per index into bytes, `bits` per status, the first status in the least
 * significant bits of the first byte (Token Status List, "Status List").
 */
export function packStatuses(options: { statuses: Uint8Array; bits: StatusListBits }): Uint8Array {
  const { statuses, bits } = options;
  if (!isStatusListBits(bits)) throw new StatusListError('malformed', 'bits must be 1, 2, 4 or 8');
  const perByte = 8 / bits;
  const max = (1 << bits) - 1;
  const bytes = new Uint8Array(Math.ceil(statuses.length / perByte));
  if (bits === 8) {
    bytes.set(statuses);
    return bytes;
  }
  for (let idx = 0; idx < statuses.length; idx++) {
    const status = statuses[idx];
    if (status === 0) continue;
    if (status > max) {
      throw new StatusListError('malformed', `status ${status} at ${idx} does not fit in ${bits} bits`);
    }
    bytes[Math.floor(idx / perByte)] |= status << ((idx % perByte) * bits);
  }
  return bytes;
}

/**
 * Encodes a status list for the `status_list` claim: pack, compress with DEFLATE in the ZLIB
 * format (RFC 1950) at the highest level, base64url without padding.
 */
export function encodeStatusList(options: { statuses: Uint8Array; bits: StatusListBits }): EncodedStatusList {
  if (options.statuses.length === 0) {
    throw new StatusListError('malformed', 'a status list needs at least one entry');
  }
  const packed = packStatuses(options);
  const lst = deflateSync(packed, { level: 9 }).toString('base64url');
  return { bits: options.bits, lst };
}
