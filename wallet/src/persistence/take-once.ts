import type { FindOptionsWhere, Repository } from 'typeorm';

/**
 * Takes a single-use row (sign-in state, holder authorization, start link): finds it and deletes
 * it; only the caller whose DELETE removed it gets it, so two instances behave as one. An expired
 * row is deleted but not returned.
 */
export async function takeOnce<Row extends { expiresAt: number }>(
  repository: Repository<Row>,
  where: FindOptionsWhere<Row>,
  now: number,
): Promise<Row | null> {
  const row = await repository.findOneBy(where);
  if (!row) return null;
  const result = await repository.delete(where);
  return result.affected === 1 && row.expiresAt > now ? row : null;
}
