/**
 * The seam between the issuer and a data holder's own system. A real agency implements this
 * against its register; the demo's implementation reads the `register_record` table.
 */
export type RegisterLookup =
  | { status: 'found'; claims: Record<string, unknown> }
  | { status: 'not_found' }
  /** The register has the person but answers slowly: the issuer defers issuance. */
  | { status: 'pending'; retryAfterSeconds: number };

export interface RegisterAdapter {
  lookup(options: {
    holderId: string;
    recordType: string;
    identityNumber: string;
    now: number;
  }): Promise<RegisterLookup>;
  /** Which record types the register holds about a person ("who holds what about me"). */
  recordTypes(options: { holderId: string; identityNumber: string }): Promise<string[]>;
}
