// Collections and chains as the library groups them, with counts and storage, for the
// Collections page and the library's filters. Everything here reads covering indexes
// (items_collection, items_chain) and never joins files: storage is items.storage_bytes.
import type { ChainSummary, CollectionSummary } from '../../api/contract.js';
import type { Db } from './catalog.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function listCollections(db: Db, options: { query?: string; limit: number }): { total: number; collections: CollectionSummary[] } {
  const query = options.query?.trim();
  const where = query ? `collection IS NOT NULL AND collection LIKE @like ESCAPE '\\'` : 'collection IS NOT NULL';
  const params = { like: `%${escapeLike(query ?? '')}%`, limit: options.limit };
  const groups = `SELECT collection, platform_id, count(*) AS n, sum(held) AS held, sum(storage_bytes) AS bytes
                  FROM items WHERE ${where} GROUP BY collection, platform_id`;
  const total = db.prepare(`SELECT count(*) FROM (${groups})`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `SELECT g.*, (SELECT m.sha256 || '|' || m.mime || '|' || m.size
                    FROM items i JOIN media_files m ON m.item_id = i.id AND m.role IN ('thumbnail', 'image', 'poster')
                    WHERE i.collection = g.collection AND i.platform_id = g.platform_id
                    ORDER BY i.acquired_at DESC, CASE m.role WHEN 'thumbnail' THEN 0 WHEN 'image' THEN 1 ELSE 2 END, m.size LIMIT 1) AS preview
       FROM (${groups} ORDER BY n DESC, collection LIMIT @limit) g`,
    )
    .all(params) as Array<{ collection: string; platform_id: string; n: number; held: number; bytes: number; preview: string | null }>;
  return {
    total,
    collections: rows.map((r) => {
      const [sha256 = '', mime = '', size = '0'] = (r.preview ?? '').split('|');
      return {
        name: r.collection,
        platform: r.platform_id,
        itemCount: r.n,
        heldCount: r.held,
        storageBytes: r.bytes,
        preview: r.preview ? { sha256, mime, size: Number(size) } : null,
      };
    }),
  };
}

export function listChains(db: Db): ChainSummary[] {
  return (
    db.prepare(`SELECT chain, count(*) AS n FROM items WHERE chain IS NOT NULL GROUP BY chain ORDER BY n DESC, chain`).all() as Array<{
      chain: string;
      n: number;
    }>
  ).map((r) => ({ chain: r.chain, itemCount: r.n }));
}
