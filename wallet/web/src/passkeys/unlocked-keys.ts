import type { UnlockedKey } from './passkey-client';

/**
 * The unlocked holder keys between page loads: non-extractable CryptoKeys in IndexedDB
 * (structured clone keeps them non-extractable), so a reload within the idle time needs no new
 * unlock. Forgotten at sign-out and once `idleMs` passed without use.
 */
const dbName = 'min-profil-keys';
const storeName = 'unlocked';

interface Entry {
  keys: UnlockedKey[];
  lastUsedAt: number;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(dbName, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(storeName, mode).objectStore(storeName));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

export async function keepUnlocked(keys: UnlockedKey[], now = Date.now()): Promise<void> {
  await run('readwrite', (store) => store.put({ keys, lastUsedAt: now } satisfies Entry, 'current'));
}

/** The unlocked keys, or null when locked or idle too long (then they are forgotten). */
export async function unlockedKeys(idleMs: number, now = Date.now()): Promise<UnlockedKey[] | null> {
  const entry = await run<Entry | undefined>('readonly', (store) => store.get('current'));
  if (!entry) return null;
  if (now - entry.lastUsedAt > idleMs) {
    await forgetUnlocked();
    return null;
  }
  await keepUnlocked(entry.keys, now);
  return entry.keys;
}

export async function forgetUnlocked(): Promise<void> {
  await run('readwrite', (store) => store.delete('current'));
}
