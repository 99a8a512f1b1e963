// Every change to the catalog's schema, in order. A migration is applied once, inside a
// transaction, when a library is opened; `PRAGMA user_version` records how far a file has come.
// Never edit a migration that has shipped: add the next one.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial catalog',
    sql: `
      CREATE TABLE platforms (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        name_zh    TEXT,
        kind       TEXT NOT NULL CHECK (kind IN ('custodial', 'chain', 'files', 'demo')),
        status     TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('active', 'stopped', 'closed', 'unknown')),
        exit_date  TEXT,
        notice     TEXT
      );

      CREATE TABLE accounts (
        id             TEXT PRIMARY KEY,
        kind           TEXT NOT NULL CHECK (kind IN ('demo', 'evm', 'platform', 'files')),
        platform_id    TEXT NOT NULL REFERENCES platforms(id),
        name           TEXT NOT NULL,
        config         TEXT NOT NULL DEFAULT '{}',
        status         TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'signin-required', 'platform-closed', 'error')),
        status_message TEXT,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      );

      -- An item is a holding as one account saw it. Items are never deleted by a sync: one that
      -- is no longer held keeps its row with held = 0.
      CREATE TABLE items (
        id             TEXT PRIMARY KEY,
        account_id     TEXT NOT NULL REFERENCES accounts(id),
        platform_id    TEXT NOT NULL REFERENCES platforms(id),
        external_id    TEXT NOT NULL,
        name           TEXT NOT NULL,
        description    TEXT,
        creator        TEXT,
        issuer         TEXT,
        collection     TEXT,
        serial         TEXT,
        chain          TEXT,
        contract       TEXT,
        token_id       TEXT,
        tx_hash        TEXT,
        standard       TEXT,
        media_type     TEXT NOT NULL DEFAULT 'other',
        attributes     TEXT NOT NULL DEFAULT '[]',
        metadata       TEXT NOT NULL DEFAULT '{}',
        issued_at      TEXT,
        acquired_at    TEXT,
        held           INTEGER NOT NULL DEFAULT 1,
        evidence_level INTEGER NOT NULL DEFAULT 0 CHECK (evidence_level BETWEEN 0 AND 3),
        sync_error     TEXT,
        first_seen_at  TEXT NOT NULL,
        last_seen_at   TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        UNIQUE (account_id, external_id)
      );
      CREATE INDEX items_acquired ON items (acquired_at DESC, id);
      CREATE INDEX items_name ON items (name COLLATE NOCASE, id);
      CREATE INDEX items_platform ON items (platform_id, acquired_at DESC);
      CREATE INDEX items_chain ON items (chain, acquired_at DESC);

      -- Files belonging to an item, by role; the bytes live once in the blob store by hash.
      CREATE TABLE media_files (
        item_id    TEXT NOT NULL REFERENCES items(id),
        role       TEXT NOT NULL,
        sha256     TEXT NOT NULL,
        mime       TEXT NOT NULL,
        size       INTEGER NOT NULL,
        file_name  TEXT,
        source_url TEXT,
        added_at   TEXT NOT NULL,
        PRIMARY KEY (item_id, role, sha256)
      );
      CREATE INDEX media_files_sha ON media_files (sha256);

      CREATE TABLE evidence (
        id             INTEGER PRIMARY KEY,
        item_id        TEXT NOT NULL REFERENCES items(id),
        kind           TEXT NOT NULL,
        level          INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),
        sha256         TEXT,
        mime           TEXT,
        size           INTEGER,
        summary        TEXT NOT NULL DEFAULT '{}',
        captured_at    TEXT NOT NULL,
        verified       INTEGER,
        verify_message TEXT,
        UNIQUE (item_id, kind, sha256)
      );
      CREATE INDEX evidence_item ON evidence (item_id);

      CREATE TABLE sync_runs (
        id            INTEGER PRIMARY KEY,
        account_id    TEXT NOT NULL REFERENCES accounts(id),
        status        TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
        started_at    TEXT NOT NULL,
        finished_at   TEXT,
        items_seen    INTEGER NOT NULL DEFAULT 0,
        items_added   INTEGER NOT NULL DEFAULT 0,
        items_updated INTEGER NOT NULL DEFAULT 0,
        items_gone    INTEGER NOT NULL DEFAULT 0,
        files_added   INTEGER NOT NULL DEFAULT 0,
        bytes_added   INTEGER NOT NULL DEFAULT 0,
        errors        TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX sync_runs_account ON sync_runs (account_id, started_at DESC);

      -- Full-text search. The trigram tokenizer indexes any script, so Chinese names without
      -- spaces are found by substring; queries shorter than 3 characters fall back to LIKE.
      CREATE VIRTUAL TABLE items_fts USING fts5 (
        name, creator, issuer, collection, description, serial,
        content = 'items', content_rowid = 'rowid', tokenize = 'trigram'
      );
      CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts (rowid, name, creator, issuer, collection, description, serial)
        VALUES (new.rowid, new.name, new.creator, new.issuer, new.collection, new.description, new.serial);
      END;
      CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
        INSERT INTO items_fts (items_fts, rowid, name, creator, issuer, collection, description, serial)
        VALUES ('delete', old.rowid, old.name, old.creator, old.issuer, old.collection, old.description, old.serial);
      END;
      CREATE TRIGGER items_fts_update AFTER UPDATE OF name, creator, issuer, collection, description, serial ON items BEGIN
        INSERT INTO items_fts (items_fts, rowid, name, creator, issuer, collection, description, serial)
        VALUES ('delete', old.rowid, old.name, old.creator, old.issuer, old.collection, old.description, old.serial);
        INSERT INTO items_fts (rowid, name, creator, issuer, collection, description, serial)
        VALUES (new.rowid, new.name, new.creator, new.issuer, new.collection, new.description, new.serial);
      END;
    `,
  },
  {
    version: 2,
    name: 'sync job queue',
    sql: `
      -- Files a sync still has to fetch, one row each, so a crash or a quit loses no work: the
      -- next sync of the account picks up every queued file, resumes its partial download
      -- (blobs/.partial/<id>.part, valid up to partial_bytes, fsynced) and skips what is stored.
      -- A row is deleted in the same transaction that attaches the stored file to its item.
      CREATE TABLE sync_jobs (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id      TEXT NOT NULL REFERENCES accounts(id),
        item_id         TEXT NOT NULL REFERENCES items(id),
        role            TEXT NOT NULL,
        source_key      TEXT NOT NULL,
        source_url      TEXT,
        file_name       TEXT,
        state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'fetched', 'failed')),
        run_id          INTEGER REFERENCES sync_runs(id),
        attempts        INTEGER NOT NULL DEFAULT 0,
        error           TEXT,
        expected_sha256 TEXT,
        total_size      INTEGER,
        partial_bytes   INTEGER NOT NULL DEFAULT 0,
        validator       TEXT,
        digest_sha256   TEXT,
        -- Set once the bytes are whole and checked, before they move into the blob store.
        fetched_sha256  TEXT,
        fetched_size    INTEGER,
        fetched_mime    TEXT,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        UNIQUE (item_id, role, source_key)
      );
      CREATE INDEX sync_jobs_account ON sync_jobs (account_id, state);
    `,
  },
  {
    version: 3,
    name: 'previews and AR files: what was built per item, and why not',
    sql: `
      -- One row per item and stage ('thumbnail', 'ar'): what the files were built from and
      -- whether it worked. status: ok · fallback (built from a second choice, message says why)
      -- · error (nothing usable; message says what was wrong) · none (the item has nothing to
      -- build from). A stage is rebuilt when its source or the pipeline version changes.
      CREATE TABLE previews (
        item_id       TEXT NOT NULL REFERENCES items(id),
        stage         TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('ok', 'fallback', 'error', 'none')),
        source        TEXT,
        source_sha256 TEXT,
        message       TEXT,
        placeholder   TEXT,
        version       INTEGER NOT NULL,
        built_at      TEXT NOT NULL,
        PRIMARY KEY (item_id, stage)
      );
    `,
  },
  {
    version: 4,
    name: 'browsing at scale: sort and filter indexes, search for one- and two-character terms',
    sql: `
      -- Every sort of the library, in both directions, walks an index (LIMIT/OFFSET pages never
      -- sort the whole table). Ties break on rowid, which every index carries.
      CREATE INDEX items_acquired_asc ON items (acquired_at IS NULL, acquired_at);
      CREATE INDEX items_platform_desc ON items (platform_id DESC, acquired_at DESC);
      CREATE INDEX items_chain_asc ON items (chain IS NULL, chain, acquired_at DESC);
      CREATE INDEX items_chain_desc ON items (chain DESC, acquired_at DESC);

      -- Filters and their counts answer from an index, never from a table scan.
      -- Bytes of the files each item refers to (media and evidence), kept by triggers, so the
      -- storage used by an account or a collection is a sum over an index, not a join of every
      -- file. A blob shared by two items counts for each (the library total counts it once).
      ALTER TABLE items ADD COLUMN storage_bytes INTEGER NOT NULL DEFAULT 0;
      UPDATE items SET storage_bytes =
          (SELECT coalesce(sum(size), 0) FROM media_files m WHERE m.item_id = items.id)
        + (SELECT coalesce(sum(size), 0) FROM evidence e WHERE e.item_id = items.id);
      CREATE TRIGGER media_files_storage_insert AFTER INSERT ON media_files BEGIN
        UPDATE items SET storage_bytes = storage_bytes + new.size WHERE id = new.item_id;
      END;
      CREATE TRIGGER media_files_storage_delete AFTER DELETE ON media_files BEGIN
        UPDATE items SET storage_bytes = storage_bytes - old.size WHERE id = old.item_id;
      END;
      CREATE TRIGGER media_files_storage_update AFTER UPDATE OF size, item_id ON media_files BEGIN
        UPDATE items SET storage_bytes = storage_bytes - old.size WHERE id = old.item_id;
        UPDATE items SET storage_bytes = storage_bytes + new.size WHERE id = new.item_id;
      END;
      CREATE TRIGGER evidence_storage_insert AFTER INSERT ON evidence WHEN new.size IS NOT NULL BEGIN
        UPDATE items SET storage_bytes = storage_bytes + new.size WHERE id = new.item_id;
      END;
      CREATE TRIGGER evidence_storage_delete AFTER DELETE ON evidence WHEN old.size IS NOT NULL BEGIN
        UPDATE items SET storage_bytes = storage_bytes - old.size WHERE id = old.item_id;
      END;
      CREATE TRIGGER evidence_storage_update AFTER UPDATE OF size, item_id ON evidence BEGIN
        UPDATE items SET storage_bytes = storage_bytes - coalesce(old.size, 0) WHERE id = old.item_id;
        UPDATE items SET storage_bytes = storage_bytes + coalesce(new.size, 0) WHERE id = new.item_id;
      END;

      CREATE INDEX items_account_held ON items (account_id, held, storage_bytes);
      CREATE INDEX items_media ON items (media_type, acquired_at DESC);
      CREATE INDEX items_level ON items (evidence_level, acquired_at DESC);
      CREATE INDEX items_held ON items (held, acquired_at DESC);
      CREATE INDEX items_collection ON items (collection, platform_id, held, storage_bytes);
      CREATE INDEX items_sync_failed ON items (acquired_at DESC) WHERE sync_error IS NOT NULL;
      -- Identifiers people paste into the search box.
      CREATE INDEX items_token_id ON items (token_id);
      CREATE INDEX items_contract_lower ON items (lower(contract));
      CREATE INDEX items_tx_hash_lower ON items (lower(tx_hash));

      -- The trigram index (items_fts) answers terms of three or more characters. For one and two
      -- (Chinese is often searched by one or two characters: 龙, 飞天) a second index holds the
      -- same text one character per token, so a term is a phrase of adjacent characters. The
      -- text is spelled out in SQL with the help of a table of positions (triggers may not use
      -- recursive queries); whitespace becomes 'ǀ', a letter no query contains, so a term never
      -- matches across two words. The first 2,000 characters of an item are indexed.
      CREATE TABLE search_positions (n INTEGER PRIMARY KEY);
      WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 2000)
        INSERT INTO search_positions (n) SELECT n FROM k;
      -- Every letter, digit, mark, punctuation and symbol is a token (only whitespace separates),
      -- folded to lower case but with its accents kept, as the trigram index does.
      CREATE VIRTUAL TABLE items_chars USING fts5 (
        text, content = '', contentless_delete = 1,
        tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* P* S* Co'"
      );
      INSERT INTO items_chars (rowid, text)
        SELECT i.rowid, (SELECT group_concat(CASE WHEN c IN (' ', char(9), char(10), char(13)) THEN 'ǀ' ELSE c END, ' ' ORDER BY n)
          FROM (SELECT p.n, substr(t.s, p.n, 1) AS c FROM search_positions p,
                (SELECT concat_ws('ǀ', i.name, i.creator, i.issuer, i.collection, i.serial, i.description) AS s) t
                WHERE p.n <= length(t.s)))
        FROM items i;
      CREATE TRIGGER items_chars_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_chars (rowid, text)
        VALUES (new.rowid, (SELECT group_concat(CASE WHEN c IN (' ', char(9), char(10), char(13)) THEN 'ǀ' ELSE c END, ' ' ORDER BY n)
          FROM (SELECT p.n, substr(t.s, p.n, 1) AS c FROM search_positions p,
                (SELECT concat_ws('ǀ', new.name, new.creator, new.issuer, new.collection, new.serial, new.description) AS s) t
                WHERE p.n <= length(t.s))));
      END;
      CREATE TRIGGER items_chars_delete AFTER DELETE ON items BEGIN
        DELETE FROM items_chars WHERE rowid = old.rowid;
      END;
      CREATE TRIGGER items_chars_update AFTER UPDATE OF name, creator, issuer, collection, description, serial ON items BEGIN
        DELETE FROM items_chars WHERE rowid = old.rowid;
        INSERT INTO items_chars (rowid, text)
        VALUES (new.rowid, (SELECT group_concat(CASE WHEN c IN (' ', char(9), char(10), char(13)) THEN 'ǀ' ELSE c END, ' ' ORDER BY n)
          FROM (SELECT p.n, substr(t.s, p.n, 1) AS c FROM search_positions p,
                (SELECT concat_ws('ǀ', new.name, new.creator, new.issuer, new.collection, new.serial, new.description) AS s) t
                WHERE p.n <= length(t.s))));
      END;
    `,
  },
  {
    version: 5,
    name: 'where an account\'s next sync continues listing after one stopped part-way (a platform session ended)',
    sql: `
      -- The connector's own resume point (JSON, e.g. the page and how many entries of it were
      -- done); a run that lists to the end clears it. See main/core/db/sync-resume.ts.
      CREATE TABLE sync_resume (
        account_id  TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        resume_from TEXT NOT NULL,
        saved_at    TEXT NOT NULL
      );
    `,
  },
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;
