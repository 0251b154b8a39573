import type { Transaction } from 'kysely';
import { isCitusCoordinator } from '../db/distribution';
import type { DB } from '../db/schema/index';

/**
 * The role the demo seed's service calls run as, inside its one transaction: the app role, so that every status,
 * settlement and payment is written under the policies a real campaign meets. On a Citus coordinator the seed's
 * transaction reaches a region's shards over one connection per role, and a shard the owner has written in the
 * transaction cannot be read over the app role's connection ("placements … modified in this transaction by a
 * different user"): there the services run as the owner, with the same scope set (region, no unit), and the
 * policies are not applied to this trusted, one-time work.
 */
export async function seedServiceRole(trx: Transaction<DB>): Promise<'canbao_app' | undefined> {
  return (await isCitusCoordinator(trx)) ? undefined : 'canbao_app';
}
