import { inflateSync } from 'node:zlib';
import { StatusListError } from './status-list-error.js';
import { isStatusListBits, type StatusListBits } from './status-values.js';

/** Read access to a decoded list; `size` counts every slot, the padding of the last byte included. */
export interface StatusListView {
  readonly bits: StatusListBits;
  readonly size: number;
  get(idx: number): number;
}

export interface DecodeStatusListOptions {
  bits: unknown;
  lst: unknown;
  /** Refuse lists with more slots than this. */
  maxEntries?: number;
  /** Refuse more compressed bytes than this; default 4 MiB. */
  maxCompressedBytes?: number;
  /** Stop inflating past this many bytes (the decompression-bomb guard); default 16 MiB. */
  maxDecompressedBytes?: number;
}

export const DEFAULT_MAX_COMPRESSED_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function createStatusListView(options: { bits: StatusListBits; bytes: Uint8Array }): StatusListView {
  const { bits, bytes } = options;
  // Powers of two throughout, so the hot path is shifts and masks (sizes stay far below 2^31).
  const perByteLog2 = Math.log2(8 / bits);
  const slotMask = 8 / bits - 1;
  const valueMask = (1 << bits) - 1;
  const size = bytes.length << perByteLog2;
  return {
    bits,
    size,
    get(idx: number): number {
      // Token Status List, "Validation Rules": an index outside the list is an error, not "valid".
      if (!Number.isInteger(idx) || idx < 0 || idx >= size) {
        throw new StatusListError('index_out_of_range', `index ${idx} is outside the status list of ${size}`);
      }
      return (bytes[idx >>> perByteLog2] >>> ((idx & slotMask) * bits)) & valueMask;
    },
  };
}

/** Decodes a `status_list` claim `{ bits, lst }`, refusing hostile sizes before and while inflating. */
export function decodeStatusList(options: DecodeStatusListOptions): StatusListView {
  const { bits, lst } = options;
  if (!isStatusListBits(bits)) {
    throw new StatusListError('malformed', 'status_list.bits must be 1, 2, 4 or 8');
  }
  if (typeof lst !== 'string' || !BASE64URL.test(lst)) {
    throw new StatusListError('malformed', 'status_list.lst is not base64url');
  }
  const maxCompressed = options.maxCompressedBytes ?? DEFAULT_MAX_COMPRESSED_BYTES;
  // Checked on the string length so an oversized list is refused before it is decoded.
  if (Math.floor((lst.length * 3) / 4) > maxCompressed) {
    throw new StatusListError('too_large', `the compressed status list exceeds ${maxCompressed} bytes`);
  }
  let maxOutputLength = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  if (options.maxEntries !== undefined) {
    maxOutputLength = Math.min(maxOutputLength, Math.ceil((options.maxEntries * bits) / 8));
  }
  let bytes: Buffer;
  try {
    bytes = inflateSync(Buffer.from(lst, 'base64url'), { maxOutputLength });
  } catch (cause) {
    if (cause instanceof RangeError || (cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new StatusListError('too_large', `the status list inflates past ${maxOutputLength} bytes`, {
        cause,
      });
    }
    throw new StatusListError('malformed', 'status_list.lst is not ZLIB-compressed data', { cause });
  }
  if (bytes.length === 0) throw new StatusListError('malformed', 'the status list is empty');
  return createStatusListView({ bits, bytes });
}
