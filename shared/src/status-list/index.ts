/** IETF Token Status List (JWT form): encode, decode, sign, verify, cache. */
export { StatusListError, type StatusListErrorCode } from './status-list-error.js';
export {
  STATUS_VALID,
  STATUS_INVALID,
  STATUS_SUSPENDED,
  TokenStatus,
  isStatusListBits,
  type StatusListBits,
  type EncodedStatusList,
} from './status-values.js';
export { encodeStatusList, packStatuses } from './encode-status-list.js';
export {
  decodeStatusList,
  createStatusListView,
  DEFAULT_MAX_COMPRESSED_BYTES,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  type DecodeStatusListOptions,
  type StatusListView,
} from './decode-status-list.js';
export {
  createStatusListJwt,
  verifyStatusListJwt,
  STATUS_LIST_JWT_TYP,
  type CreateStatusListJwtOptions,
  type VerifyStatusListJwtOptions,
  type VerifiedStatusListJwt,
} from './status-list-jwt.js';
export { fetchStatusListJwt, type FetchStatusListJwtOptions } from './fetch-status-list-jwt.js';
export { StatusListCache, type StatusListCacheOptions } from './status-list-cache.js';
