import { Entity } from '@backstage/catalog-model';
import {
  CachedAnswer,
  KARMADA_INSTANCE_ANNOTATION,
} from '@multiregion/backstage-plugin-multicluster-common';
import { KarmadaInventory } from '../cache/KarmadaInventory';

/** All configured Karmada instances' caches, and which ones a request reads. */
export class InventoryService {
  constructor(private readonly inventories: KarmadaInventory[]) {}

  all(): KarmadaInventory[] {
    return this.inventories;
  }

  /** The instances an entity's workloads are looked up in. */
  forEntity(entity: Entity): KarmadaInventory[] {
    const pinned = entity.metadata.annotations?.[KARMADA_INSTANCE_ANNOTATION];
    return pinned
      ? this.inventories.filter(i => i.name === pinned)
      : this.inventories;
  }

  /** Freshness of an answer built from these instances. */
  freshness(inventories: KarmadaInventory[]): CachedAnswer {
    const now = new Date();
    const instances = inventories.map(i => i.status(now));
    const observed = instances
      .map(i => i.observedAt)
      .filter((t): t is string => Boolean(t))
      .sort();
    return {
      instances,
      stale: instances.some(i => i.stale),
      observedAt: observed[0],
    };
  }
}
