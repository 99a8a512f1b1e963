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
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;
