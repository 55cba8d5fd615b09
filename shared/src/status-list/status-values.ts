/** Status Types of the Token Status List ("Status Types Values" registry). */
export const STATUS_VALID = 0x00;
/** Revoked: the token is permanently invalid. */
export const STATUS_INVALID = 0x01;
/** Temporarily invalid; may become valid again. */
export const STATUS_SUSPENDED = 0x02;

export const TokenStatus = {
  VALID: STATUS_VALID,
  INVALID: STATUS_INVALID,
  SUSPENDED: STATUS_SUSPENDED,
} as const;

/** Bits per status the draft allows. */
export type StatusListBits = 1 | 2 | 4 | 8;

export function isStatusListBits(value: unknown): value is StatusListBits {
  return value === 1 || value === 2 || value === 4 || value === 8;
}

/** The `status_list` claim: `lst` is base64url(zlib(bit-packed statuses)). */
export interface EncodedStatusList {
  bits: StatusListBits;
  lst: string;
}
