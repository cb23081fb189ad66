import GRDB

/// The schema, as registered migrations. A shipped migration is never edited; changes are new ones.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-event-log-runs-effects") { db in
            try db.execute(
                sql: """
                    CREATE TABLE inbound_event (
                        id TEXT PRIMARY KEY,
                        system TEXT NOT NULL,
                        topic TEXT NOT NULL,
                        dedup_key TEXT NOT NULL,
                        received_at DOUBLE NOT NULL,
                        body TEXT NOT NULL,
                        status TEXT NOT NULL,
                        UNIQUE (system, dedup_key)
                    );
                    CREATE TABLE canonical_event (
                        id TEXT PRIMARY KEY,
                        inbound_id TEXT NOT NULL REFERENCES inbound_event(id),
                        source TEXT NOT NULL,
                        type TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        contract TEXT,
                        time DOUBLE NOT NULL,
                        data TEXT NOT NULL
                    );
                    CREATE INDEX canonical_event_inbound ON canonical_event(inbound_id);
                    CREATE TABLE run (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        flow TEXT NOT NULL,
                        flow_version INTEGER NOT NULL,
                        event_id TEXT NOT NULL REFERENCES canonical_event(id),
                        key TEXT NOT NULL,
                        state TEXT NOT NULL,
                        next_step INTEGER NOT NULL,
                        attempts INTEGER NOT NULL,
                        not_before DOUBLE NOT NULL,
                        lease_until DOUBLE,
                        last_error TEXT,
                        created_at DOUBLE NOT NULL,
                        updated_at DOUBLE NOT NULL
                    );
                    CREATE INDEX run_key_seq ON run(key, seq);
                    CREATE INDEX run_state_due ON run(state, not_before);
                    CREATE TABLE step (
                        run_id TEXT NOT NULL REFERENCES run(id),
                        step_index INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        state TEXT NOT NULL,
                        input TEXT,
                        output TEXT,
                        attempts INTEGER NOT NULL,
                        error TEXT,
                        started_at DOUBLE,
                        finished_at DOUBLE,
                        PRIMARY KEY (run_id, step_index)
                    );
                    CREATE TABLE effect (
                        idempotency_key TEXT PRIMARY KEY,
                        run_id TEXT NOT NULL,
                        step TEXT NOT NULL,
                        system TEXT NOT NULL,
                        document_id TEXT,
                        output TEXT NOT NULL,
                        recorded_at DOUBLE NOT NULL
                    );
                    CREATE TABLE xref (
                        system TEXT NOT NULL,
                        type TEXT NOT NULL,
                        external_id TEXT NOT NULL,
                        canonical_id TEXT NOT NULL,
                        PRIMARY KEY (system, type, external_id)
                    );
                    CREATE INDEX xref_canonical ON xref(canonical_id);
                    CREATE TABLE quarantine (
                        id TEXT PRIMARY KEY,
                        inbound_id TEXT NOT NULL REFERENCES inbound_event(id),
                        system TEXT NOT NULL,
                        topic TEXT NOT NULL,
                        stage TEXT NOT NULL,
                        errors TEXT NOT NULL,
                        created_at DOUBLE NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2-operator-actions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE operator_action (
                        id TEXT PRIMARY KEY,
                        run_id TEXT NOT NULL REFERENCES run(id),
                        kind TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        at DOUBLE NOT NULL,
                        step_index INTEGER,
                        input TEXT
                    );
                    CREATE INDEX operator_action_run ON operator_action(run_id);
                    """)
        }
        migrator.registerMigration("v3-quarantine-release") { db in
            try db.execute(sql: "ALTER TABLE quarantine ADD COLUMN released_at DOUBLE")
            try db.execute(sql: "ALTER TABLE quarantine ADD COLUMN corrected_body TEXT")
        }
        migrator.registerMigration("v4-replays") { db in
            try db.execute(
                sql: """
                    CREATE TABLE replay (
                        run_id TEXT PRIMARY KEY REFERENCES run(id),
                        source_run_id TEXT NOT NULL REFERENCES run(id),
                        reexecute TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        at DOUBLE NOT NULL
                    );
                    CREATE INDEX replay_source ON replay(source_run_id);
                    """)
        }
        migrator.registerMigration("v5-runnable-index") { db in
            // Claiming walks runnable runs in sequence order and stops at the first due head of its key;
            // without this index every claim sorted the whole backlog.
            try db.execute(sql: "CREATE INDEX run_runnable ON run(seq) WHERE state IN ('ready', 'retrying')")
        }
        migrator.registerMigration("v6-tokens-audit") { db in
            // Tokens are kept as SHA-256 hashes only; the audit trail is append-only and hash-chained.
            try db.execute(
                sql: """
                    CREATE TABLE access_token (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        roles TEXT NOT NULL,
                        scopes TEXT NOT NULL,
                        hash TEXT NOT NULL UNIQUE,
                        created_at DOUBLE NOT NULL,
                        created_by TEXT NOT NULL,
                        expires_at DOUBLE,
                        last_used_at DOUBLE,
                        revoked_at DOUBLE
                    );
                    CREATE TABLE audit (
                        sequence INTEGER PRIMARY KEY,
                        at_ms INTEGER NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        target TEXT,
                        details TEXT NOT NULL,
                        previous_hash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    );
                    CREATE INDEX audit_action ON audit(action, sequence);
                    """)
        }
        return migrator
    }
}
