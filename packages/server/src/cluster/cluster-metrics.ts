import { Gauge, type Registry } from 'prom-client';
import type { ClusterPlugin } from '../app/cluster-plugin';

/** Cluster gauges beside the server's own metrics (GET /metrics), read when scraped. */
export function registerClusterMetrics(
  registry: Registry,
  cluster: Pick<ClusterPlugin, 'nodes' | 'isRedisUp'>,
): void {
  new Gauge({
    name: 'arena_cluster_nodes',
    help: 'Live nodes of the cluster as this node sees them, itself included',
    registers: [registry],
    collect() {
      this.set(cluster.nodes().length);
    },
  });
  new Gauge({
    name: 'arena_cluster_rooms',
    help: 'Rooms of the whole cluster as this node lists them',
    registers: [registry],
    collect() {
      this.set(cluster.nodes().reduce((sum, node) => sum + node.rooms.length, 0));
    },
  });
  new Gauge({
    name: 'arena_cluster_redis_up',
    help: '1 while this node reaches Redis, 0 during an outage',
    registers: [registry],
    collect() {
      this.set(cluster.isRedisUp ? 1 : 0);
    },
  });
}
