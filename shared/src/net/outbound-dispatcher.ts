import type { LookupAddress, LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent } from 'undici';
import { resolveAllowedAddresses, type OutboundPolicy } from './outbound-policy.js';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * The `lookup` the sockets use: the policy's resolver, and every address it answers checked
 * before connecting. Checking the address actually connected to (not an earlier answer) is
 * what defeats DNS rebinding; refusing a whole answer with one internal address keeps a
 * multi-address name from reaching inside through whichever address is tried first.
 */
export function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: LookupOneOptions & { all?: boolean }, callback: LookupCallback) => {
    resolveAllowedAddresses(policy, hostname).then(
      (addresses) => {
        let answer = addresses.map((address) => ({ address, family: isIP(address) }));
        if (options?.family === 4 || options?.family === 6) {
          answer = answer.filter((a) => a.family === options.family);
        }
        if (answer.length === 0) {
          const error: NodeJS.ErrnoException = new Error(
            `no address of family ${options.family} for ${hostname}`,
          );
          error.code = 'ENOTFOUND';
          callback(error, []);
          return;
        }
        if (options?.all) callback(null, answer);
        else callback(null, answer[0]!.address, answer[0]!.family);
      },
      (error: Error) => callback(error, []),
    );
  };
}

/** An undici dispatcher whose connections go only to addresses the policy admits. */
export function createOutboundDispatcher(policy: OutboundPolicy): Agent {
  return new Agent({ connect: { lookup: guardedLookup(policy) as never } });
}
