import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isInternalAddress, isLoopbackName } from './outbound-address.js';

/** Resolves a host name to all its addresses (tests inject a fixed or changing answer). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/**
 * What a service may fetch from others. One policy per service, built once from its
 * configuration: every outbound request (metadata, keys, DID documents, status lists,
 * documents, request objects, webhooks, deliveries) is checked against it.
 */
export interface OutboundPolicy {
  /** Plain http as well as https (`ALLOW_INSECURE_URLS=1`: the local demo and tests). */
  allowHttp: boolean;
  /** Any address, also loopback, private and link-local ones (a service inside its own network). */
  allowInternal: boolean;
  /**
   * Origins admitted whatever address they have (the system's own services when they run on
   * 127.0.0.1 or in a private network), so that tests and the demo need not allow everything.
   */
  allowedOrigins: readonly string[];
  /** DNS; default the system resolver. */
  resolve: ResolveHost;
}

export const resolveWithSystemDns: ResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** A policy from partial settings: https only, no internal addresses, system DNS. */
export function outboundPolicy(settings: Partial<OutboundPolicy> = {}): OutboundPolicy {
  return {
    allowHttp: settings.allowHttp ?? false,
    allowInternal: settings.allowInternal ?? false,
    allowedOrigins: (settings.allowedOrigins ?? []).map((o) => new URL(o).origin),
    resolve: settings.resolve ?? resolveWithSystemDns,
  };
}

/** Thrown when the policy refuses a request; `message` says why, without echoing a body. */
export class OutboundRefused extends Error {
  constructor(
    message: string,
    /** The name did not resolve: refused now, perhaps not later (DNS may be down for a moment). */
    readonly unresolved = false,
  ) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

export interface CheckedUrl {
  url: URL;
  /** The origin is on the allow-list: its addresses are not checked. */
  listed: boolean;
}

/**
 * The checks that need no DNS: http(s) only (http only when allowed), no credentials in the
 * URL, and no internal address literal or loopback name unless allowed. Names are checked
 * where the connection is made (`createOutboundDispatcher`), so a second answer cannot slip by.
 */
export function checkOutboundUrl(policy: OutboundPolicy, value: string | URL): CheckedUrl {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OutboundRefused('the URL is not valid');
  }
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) {
    throw new OutboundRefused(
      `${url.protocol} URLs are not fetched (${policy.allowHttp ? 'http(s)' : 'https'} only)`,
    );
  }
  if (url.username || url.password) throw new OutboundRefused('the URL carries credentials');
  const listed = policy.allowedOrigins.includes(url.origin);
  if (listed || policy.allowInternal) return { url, listed };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isLoopbackName(host) || (isIP(host) && isInternalAddress(host))) {
    throw new OutboundRefused(`${url.host} is an internal address, which is not fetched from`);
  }
  return { url, listed };
}

/**
 * The addresses of a host, refused when any is internal (unless the policy allows them) or
 * when the name does not resolve: fails closed, never "not internal" on a DNS error.
 */
export async function resolveAllowedAddresses(policy: OutboundPolicy, hostname: string): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    if (!policy.allowInternal && isInternalAddress(host)) {
      throw new OutboundRefused(`${host} is an internal address, which is not fetched from`);
    }
    return [host];
  }
  let addresses: string[];
  try {
    addresses = await policy.resolve(host);
  } catch {
    throw new OutboundRefused(`the name ${host} could not be resolved, so it is not fetched from`, true);
  }
  if (addresses.length === 0) {
    throw new OutboundRefused(`the name ${host} has no address, so it is not fetched from`, true);
  }
  if (!policy.allowInternal && addresses.some(isInternalAddress)) {
    throw new OutboundRefused(`${host} resolves to an internal address, which is not fetched from`);
  }
  return addresses;
}

/**
 * Checks a URL before it is stored for later use (a webhook target): the URL rules and, for
 * a name, its current addresses. The request itself is checked again when it connects.
 */
export async function assertOutboundTarget(policy: OutboundPolicy, value: string | URL): Promise<URL> {
  const { url, listed } = checkOutboundUrl(policy, value);
  if (!listed) await resolveAllowedAddresses(policy, url.hostname);
  return url;
}
