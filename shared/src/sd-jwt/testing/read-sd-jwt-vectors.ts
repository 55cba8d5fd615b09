import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { JWK } from 'jose';

/** The vectors are kept in the repository under test/vectors (see its README for their sources). */
export const VECTORS_DIR = fileURLToPath(new URL('../../../../test/vectors/', import.meta.url));

export function vectorPath(...segments: string[]): string {
  return path.join(VECTORS_DIR, ...segments);
}

export function readVectorText(...segments: string[]): string {
  return readFileSync(vectorPath(...segments), 'utf8');
}

export function readVectorJson<T = unknown>(...segments: string[]): T {
  return JSON.parse(readVectorText(...segments)) as T;
}

export function listCaseDirs(...segments: string[]): string[] {
  return readdirSync(vectorPath(...segments), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function caseHasFiles(dir: string[], files: string[]): boolean {
  return files.every((file) => existsSync(vectorPath(...dir, file)));
}

export interface GeneratorSettings {
  issuerKey: JWK;
  holderKey: JWK;
  verifier: string;
  nonce: string;
}

/**
 * Reads the few fields we need from an sd-jwt-python settings.yml without a YAML library: the
 * file is flat `name: value` lines in nested blocks, with the issuer key under `issuer_keys:`
 * (a one-item list) or `issuer_key:`.
 */
export function readGeneratorSettings(...segments: string[]): GeneratorSettings {
  const lines = readVectorText(...segments).split('\n');
  const block = (name: string): JWK | undefined => {
    const start = lines.findIndex((line) => line.trim() === `${name}:`);
    if (start < 0) return undefined;
    const indent = lines[start].search(/\S/);
    const jwk: Record<string, string> = {};
    for (const line of lines.slice(start + 1)) {
      if (line.trim() === '') continue;
      if (line.search(/\S/) <= indent) break;
      const match = /^\s*(?:- )?(\w+):\s*"?([^"#\s]+)"?/.exec(line);
      if (match) jwk[match[1]] = match[2];
    }
    return jwk as JWK;
  };
  const scalar = (name: string): string => {
    const line = lines.find((l) => l.trim().startsWith(`${name}:`));
    if (!line) throw new Error(`settings has no ${name}`);
    return line.split(':').slice(1).join(':').trim().replace(/^"|"$/g, '');
  };
  const issuerKey = block('issuer_keys') ?? block('issuer_key');
  const holderKey = block('holder_key');
  if (!issuerKey || !holderKey) throw new Error('settings has no issuer or holder key');
  return { issuerKey, holderKey, verifier: scalar('verifier'), nonce: scalar('key_binding_nonce') };
}
