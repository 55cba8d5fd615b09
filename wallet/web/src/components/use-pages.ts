import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';

/**
 * A list the wallet answers in keyset pages (`limit`, `cursor`, `next_cursor`: GET
 * /api/credentials, GET /api/log): the first page on load (again when `query` changes), the
 * next appended on `more()`. Pages answered for an older query are dropped.
 */
export function usePages<T>(path: string, key: string, pageSize: number, query = '') {
  const [items, setItems] = useState<T[] | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);
  /** Where the page `more()` brought begins: focus moves there, so the person hears it came. */
  const [firstNew, setFirstNew] = useState<number | undefined>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);

  const page = (cursor?: string) => {
    const params = new URLSearchParams(query);
    params.set('limit', String(pageSize));
    if (cursor) params.set('cursor', cursor);
    return api.get<Record<string, unknown>>(`${path}?${params}`);
  };

  useEffect(() => {
    let current = true;
    setItems(undefined);
    setNext(undefined);
    setFirstNew(undefined);
    page()
      .then((r) => {
        if (!current) return;
        setItems(r[key] as T[]);
        setNext(r.next_cursor as string | undefined);
      })
      .catch((e: unknown) => {
        if (current) setError(e);
      });
    return () => {
      current = false;
    };
  }, [path, query, generation]);

  const more = () => {
    if (!next || loadingMore) return;
    setLoadingMore(true);
    page(next)
      .then((r) => {
        setFirstNew(items?.length ?? 0);
        setItems((before) => [...(before ?? []), ...(r[key] as T[])]);
        setNext(r.next_cursor as string | undefined);
      })
      .catch(setError)
      .finally(() => setLoadingMore(false));
  };

  /** Reads the list again from its first page (after a change). */
  const reload = () => setGeneration((g) => g + 1);

  return { items, hasMore: next !== undefined, loadingMore, more, reload, firstNew, error };
}
