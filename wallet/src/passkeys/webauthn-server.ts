/**
 * `@simplewebauthn/server`, loaded at the first passkey ceremony instead of at start-up: some
 * 5 MiB of heap that a wallet whose people use no passkey never needs (docs/benchmarks.md,
 * "What holds the memory"). Node caches the module, so later ceremonies pay nothing.
 */
export const webAuthnServer = () => import('@simplewebauthn/server');
