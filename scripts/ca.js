#!/usr/bin/env node
// The demo CA (docs/pki.md): creates a root CA, issues, renews (or rotates the key of) and revokes
// leaf certificates for data holders, verifiers and the wallet provider, and publishes the CRL.
// Its key and state live in one folder (0700, files 0600): --dir, else $CA_DIR, else
// ${DATA_DIR:-./data}/ca.
//
//   npm run ca -- init [--name "CN=…"] [--crl-uri https://…/ca/crl] [--validity-days 3650]
//   npm run ca -- issue --role holder|verifier|wallet-provider|registrar --name "…" --host issuer.example \
//     [--url https://issuer.example/af] [--public-key key.pub.jwk.json] [--validity-days 365]
//   npm run ca -- renew --serial <hex> [--new-key | --public-key new.pub.jwk.json]
//   npm run ca -- revoke --serial <hex> [--reason keyCompromise|superseded|cessationOfOperation]
//   npm run ca -- crl        (a fresh CRL with the same entries; run it before nextUpdate)
//   npm run ca -- list
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initCa, issueLeaf, refreshCrl, renewLeaf, revokeLeaf } from '@min-profil/shared/pki/ca-commands';
import { loadCaState } from '@min-profil/shared/pki/ca-folder';
import { certificateRoles } from '@min-profil/shared/pki/issue-certificate';

const usage = `usage: npm run ca -- <init|issue|renew|revoke|crl|list> [options]  (see docs/pki.md)`;
const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    dir: { type: 'string' },
    name: { type: 'string' },
    'crl-uri': { type: 'string' },
    'validity-days': { type: 'string' },
    role: { type: 'string' },
    host: { type: 'string' },
    url: { type: 'string' },
    'public-key': { type: 'string' },
    serial: { type: 'string' },
    'new-key': { type: 'boolean', default: false },
    reason: { type: 'string' },
  },
});
const dir = resolve(values.dir ?? process.env.CA_DIR ?? join(process.env.DATA_DIR ?? 'data', 'ca'));
const validityDays = values['validity-days'] === undefined ? undefined : Number(values['validity-days']);
const publicJwk = values['public-key'] ? JSON.parse(readFileSync(values['public-key'], 'utf8')) : undefined;

function need(name) {
  if (values[name] === undefined) {
    console.error(`--${name} is required for ${command}\n${usage}`);
    process.exit(2);
  }
  return values[name];
}

/** What a person needs to use the certificate: never the private key, only where it is. */
function report(result) {
  const { issued } = result;
  console.log(
    `${issued.role} "${issued.name}" (${issued.host}): serial ${issued.serial}, valid until ${issued.not_after}\n` +
      `  x5c:         ${join(dir, `${issued.serial}.x5c.json`)}\n` +
      (issued.key_file
        ? `  private key: ${join(dir, issued.key_file)}\n`
        : '  private key: held by the entity\n'),
  );
}

try {
  switch (command) {
    case 'init': {
      const certificate = await initCa({ dir, name: values.name, crlUri: values['crl-uri'], validityDays });
      console.log(
        `CA "${certificate.subject}" created in ${dir}, valid until ${certificate.notAfter.toISOString()}`,
      );
      break;
    }
    case 'issue': {
      const role = need('role');
      if (!certificateRoles.includes(role))
        throw new Error(`--role must be one of ${certificateRoles.join(', ')}`);
      const subject = {
        role,
        name: need('name'),
        host: need('host'),
        ...(values.url ? { url: values.url } : {}),
      };
      report(await issueLeaf({ dir, subject, publicJwk, validityDays }));
      break;
    }
    case 'renew':
      report(
        await renewLeaf({ dir, serial: need('serial'), newKey: values['new-key'], publicJwk, validityDays }),
      );
      console.log(`the old certificate ${values.serial} is revoked (superseded); the CRL is updated`);
      break;
    case 'revoke': {
      const revoked = await revokeLeaf({ dir, serial: need('serial'), reason: values.reason });
      console.log(`revoked ${revoked.serial} (${revoked.revocation_reason}); the CRL is updated`);
      break;
    }
    case 'crl': {
      const crl = await refreshCrl({ dir });
      console.log(
        `CRL ${join(dir, 'ca.crl')}: ${crl.entries.length} revoked, next update ${crl.nextUpdate?.toISOString()}`,
      );
      break;
    }
    case 'list':
      for (const c of loadCaState(dir).issued) {
        const status = c.revoked_at
          ? `revoked ${c.revoked_at} (${c.revocation_reason})`
          : `valid until ${c.not_after}`;
        console.log(`${c.serial}  ${c.role.padEnd(15)} ${c.host.padEnd(30)} ${status}`);
      }
      break;
    default:
      console.error(usage);
      process.exit(2);
  }
} catch (error) {
  console.error(`ca ${command}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
