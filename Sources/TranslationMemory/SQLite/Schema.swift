import GRDB

/// The SQLite schema, as named migrations applied in order. Later issues append
/// migrations (articles, claims...); a migration, once released, never changes.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-units") { db in
            try db.execute(sql: """
                CREATE TABLE unit (
                    id INTEGER PRIMARY KEY,
                    source_lang TEXT NOT NULL,          -- the tag as written (canonical case)
                    source_primary TEXT NOT NULL,       -- its primary language: fr for fr-FR
                    target_lang TEXT NOT NULL,
                    target_primary TEXT NOT NULL,
                    source_text TEXT NOT NULL,          -- plain text, inline codes left out
                    source_markup TEXT,                 -- JSON of the SegmentText, only when it has codes
                    target_text TEXT NOT NULL,
                    target_markup TEXT,
                    source_normalized TEXT,             -- the text matched on; NULL when equal to source_text
                    source_key INTEGER NOT NULL,        -- hash of pair and normalised source (duplicates)
                    origin TEXT NOT NULL,
                    creator TEXT,
                    created_at REAL,                    -- seconds since 1970
                    changed_by TEXT,
                    changed_at REAL,
                    tool TEXT,
                    confidence REAL,
                    context_previous TEXT,
                    context_next TEXT,
                    article TEXT,
                    segment INTEGER,
                    properties TEXT,                    -- JSON array, NULL when none
                    notes TEXT                          -- JSON array, NULL when none
                );
                CREATE INDEX unit_source_key ON unit(source_key);
                CREATE TABLE memory_meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value INTEGER NOT NULL
                ) WITHOUT ROWID;
                -- Bumped by every write: derived data (the match index file) records the
                -- generation it was built from and is rebuilt when it differs.
                INSERT INTO memory_meta (key, value) VALUES ('generation', 1);
                """)
        }
        migrator.registerMigration("v1-concordance") { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE unit_fts USING fts5(
                    source_text, target_text,
                    content = 'unit', content_rowid = 'id',
                    tokenize = 'unicode61 remove_diacritics 2'
                );
                CREATE TRIGGER unit_fts_insert AFTER INSERT ON unit BEGIN
                    INSERT INTO unit_fts (rowid, source_text, target_text) VALUES (new.id, new.source_text, new.target_text);
                END;
                CREATE TRIGGER unit_fts_delete AFTER DELETE ON unit BEGIN
                    INSERT INTO unit_fts (unit_fts, rowid, source_text, target_text) VALUES ('delete', old.id, old.source_text, old.target_text);
                END;
                CREATE TRIGGER unit_fts_update AFTER UPDATE OF source_text, target_text ON unit BEGIN
                    INSERT INTO unit_fts (unit_fts, rowid, source_text, target_text) VALUES ('delete', old.id, old.source_text, old.target_text);
                    INSERT INTO unit_fts (rowid, source_text, target_text) VALUES (new.id, new.source_text, new.target_text);
                END;
                """)
        }
        migrator.registerMigration("v2-unit-article") { db in
            // An article's translations are the units located in it (see
            // MemoryStore.units(inArticle:sourceLanguage:targetLanguage:)).
            try db.execute(sql: "CREATE INDEX unit_article ON unit(article, segment) WHERE article IS NOT NULL")
        }
        migrator.registerMigration("v3-concordance-by-batch") { db in
            // The concordance index is written by the store, once per write transaction
            // for the units it added (one INSERT ... SELECT instead of one trigger a row:
            // bulk imports are several times faster), and entry by entry for the units it
            // deletes. See SQLiteMemoryStore.Batch.
            try db.execute(sql: """
                DROP TRIGGER unit_fts_insert;
                DROP TRIGGER unit_fts_delete;
                DROP TRIGGER unit_fts_update;
                """)
        }
        return migrator
    }
}
