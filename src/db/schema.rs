//! The tables, indexes, full-text index and views of `ombuds.db`, as SQL.
//!
//! Tables and the full-text index are created empty before the first
//! record; the indexes and views come at the end of the run, after the bulk
//! load (building an index once is faster than keeping it up to date row by
//! row). Each index scans the whole `decisions` table (the text is most of
//! it), so `decisions` has only the indexes people need most. Every column is described, with its unit, in
//! `rules/datasette.toml` (a unit test checks that each one is).

/// `PRAGMA user_version` of the database: bump it when the schema changes.
pub const SCHEMA_VERSION: i64 = 2;

/// Organisations are created first: decisions refer to them.
pub const TABLES: &str = r#"
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    type TEXT NOT NULL,
    type_label TEXT NOT NULL,
    abolished INTEGER,
    successor TEXT,
    spellings TEXT NOT NULL,
    matched_by TEXT NOT NULL,
    decisions INTEGER NOT NULL,
    upheld INTEGER NOT NULL,
    not_upheld INTEGER NOT NULL,
    closed_after_initial_enquiries INTEGER NOT NULL,
    other_or_unknown_outcome INTEGER NOT NULL,
    uphold_rate REAL,
    type_average_uphold_rate REAL,
    type_average_decisions REAL,
    type_organisations INTEGER,
    with_payment INTEGER NOT NULL,
    remedy_total_gbp REAL NOT NULL,
    remedy_total_pence INTEGER NOT NULL,
    remedy_median_gbp REAL,
    remedy_largest_gbp REAL,
    remedy_largest_reference TEXT,
    type_average_remedy_total_gbp REAL,
    with_service_improvement INTEGER NOT NULL,
    remedy_apology INTEGER NOT NULL,
    remedy_reassessment INTEGER NOT NULL,
    remedy_reconsider_complaint INTEGER NOT NULL,
    remedy_service_improvement INTEGER NOT NULL,
    remedy_provide_service INTEGER NOT NULL,
    remedy_correct_records INTEGER NOT NULL,
    remedy_other INTEGER NOT NULL,
    remedy_already_provided INTEGER NOT NULL,
    remedy_already_provided_gbp REAL NOT NULL,
    remedy_already_provided_pence INTEGER NOT NULL,
    top_category TEXT,
    top_category_decisions INTEGER,
    investigated INTEGER NOT NULL,
    type_uphold_rate REAL,
    type_investigated INTEGER,
    remedied_closures INTEGER NOT NULL,
    page TEXT NOT NULL
);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    url TEXT,
    ombudsman TEXT NOT NULL,
    reference TEXT,
    organisation TEXT,
    organisation_id INTEGER REFERENCES organisations(id),
    organisation_type TEXT,
    category TEXT,
    category_area TEXT,
    category_sub TEXT,
    decision_date TEXT,
    decision_year INTEGER,
    financial_year TEXT,
    outcome TEXT,
    outcome_class TEXT NOT NULL,
    outcome_basis TEXT,
    decision_kind TEXT NOT NULL,
    complainant TEXT,
    summary TEXT,
    payments TEXT NOT NULL,
    remedy_total_gbp REAL,
    remedy_total_pence INTEGER,
    remedies TEXT NOT NULL,
    remedy_already_provided INTEGER NOT NULL,
    remedy_already_provided_gbp REAL,
    remedy_already_provided_pence INTEGER,
    remedied_closure INTEGER NOT NULL,
    deadlines TEXT NOT NULL,
    duplicates TEXT NOT NULL,
    encoding TEXT NOT NULL,
    warnings TEXT NOT NULL,
    text TEXT NOT NULL
);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    reference TEXT,
    position INTEGER NOT NULL,
    amount_gbp REAL NOT NULL,
    amount_pence INTEGER NOT NULL,
    recipient TEXT,
    purpose TEXT,
    kind TEXT NOT NULL,
    per TEXT,
    evidence_line INTEGER NOT NULL,
    evidence TEXT NOT NULL
);

CREATE TABLE remedies (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    reference TEXT,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    remedy_group TEXT NOT NULL,
    evidence_line INTEGER NOT NULL,
    evidence TEXT NOT NULL
);

CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    reference TEXT,
    ombudsman TEXT NOT NULL,
    position INTEGER NOT NULL,
    complaint TEXT,
    organisation TEXT,
    determination TEXT NOT NULL,
    evidence_line INTEGER NOT NULL,
    evidence_section TEXT,
    evidence TEXT NOT NULL
);

CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    reference TEXT,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    days INTEGER,
    applies_to TEXT,
    evidence_line INTEGER NOT NULL,
    evidence TEXT NOT NULL
);

CREATE TABLE duplicates (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    file TEXT NOT NULL
);

CREATE TABLE errors (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL
);

CREATE TABLE run (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    ombuds_version TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    rules_digest TEXT NOT NULL,
    paths TEXT NOT NULL,
    files_seen INTEGER NOT NULL,
    records INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    records_with_warnings INTEGER NOT NULL,
    by_outcome TEXT NOT NULL,
    by_outcome_basis TEXT NOT NULL,
    errors_by_kind TEXT NOT NULL
);
"#;

/// The full-text index over the summary and the text of each decision, as
/// sqlite-utils' `enable_fts` makes it (so that Datasette finds it and
/// `?_search=` works): an FTS5 table whose content is the `decisions` table
/// itself (`content=[decisions]`), keyed by its rowid (`id`), so the text is
/// stored once. Created with the tables and filled row by row as decisions
/// are inserted ([`INSERT_FTS`]); segment merges wait for the end of the
/// load ([`FTS_LOADED`]), which costs a third less than merging as it grows.
pub const FTS: &str = r#"
CREATE VIRTUAL TABLE [decisions_fts] USING FTS5 (
    [summary], [text],
    content=[decisions], content_rowid=[id]
);
"#;

/// One decision into the full-text index. Not a trigger on `decisions`
/// while loading: a statement that fires a trigger opens a savepoint, and
/// FTS5 writes its pending terms to disk at every savepoint, which made one
/// tiny index segment per decision (three times the work).
pub const INSERT_FTS: &str =
    "INSERT INTO [decisions_fts] (rowid, [summary], [text]) VALUES (?, ?, ?)";

/// sqlite-utils' triggers (its names and bodies), added after the load:
/// they keep the index in step when someone edits `decisions` later.
pub const FTS_TRIGGERS: &str = r#"
CREATE TRIGGER [decisions_ai] AFTER INSERT ON [decisions] BEGIN
  INSERT INTO [decisions_fts] (rowid, [summary], [text]) VALUES (new.rowid, new.[summary], new.[text]);
END;
CREATE TRIGGER [decisions_ad] AFTER DELETE ON [decisions] BEGIN
  INSERT INTO [decisions_fts] ([decisions_fts], rowid, [summary], [text]) VALUES('delete', old.rowid, old.[summary], old.[text]);
END;
CREATE TRIGGER [decisions_au] AFTER UPDATE ON [decisions] BEGIN
  INSERT INTO [decisions_fts] ([decisions_fts], rowid, [summary], [text]) VALUES('delete', old.rowid, old.[summary], old.[text]);
  INSERT INTO [decisions_fts] (rowid, [summary], [text]) VALUES (new.rowid, new.[summary], new.[text]);
END;
"#;

/// Before the load: no incremental merging of the index's segments, and
/// the crisis merge (all of a level's segments merged at once when it holds
/// `crisismerge` of them) put off until 512. Pending terms are flushed to a
/// new segment at FTS5's default 1 MB, about 100 segments at 100,000
/// decisions: left to the defaults, FTS5 merged them again and again while
/// loading (about 30% more indexing instructions); held at 4 MB, the pending
/// terms cost 3 MB more memory (5 MB at 400,000 decisions) for no fewer
/// instructions (callgrind, 20,000 pages: 22.28 G at 1 MB, 22.32 G at 4 MB).
/// A crisis merge takes about 6 MB more at its peak (64 segments of 4 MB
/// were merged at about 260,000 decisions); 512 of 1 MB come at about
/// 500,000. The segments are the index's layout only: its answers are the
/// same.
pub const FTS_LOADING: &str = r#"
INSERT INTO [decisions_fts] ([decisions_fts], rank) VALUES ('automerge', 0);
INSERT INTO [decisions_fts] ([decisions_fts], rank) VALUES ('crisismerge', 512);
"#;

/// After the load: FTS5's default merge settings again, for later edits
/// (their change makes FTS5 read its configuration again).
pub const FTS_LOADED: &str = r#"
INSERT INTO [decisions_fts] ([decisions_fts], rank) VALUES ('automerge', 4);
INSERT INTO [decisions_fts] ([decisions_fts], rank) VALUES ('crisismerge', 16);
"#;

/// Indexes on what people filter and join on.
pub const INDEXES: &str = r#"
CREATE UNIQUE INDEX decisions_reference ON decisions(reference);
CREATE INDEX decisions_organisation_id ON decisions(organisation_id);
CREATE INDEX decisions_decision_date ON decisions(decision_date);
CREATE INDEX decisions_outcome ON decisions(outcome);
CREATE INDEX decisions_category ON decisions(category);
CREATE INDEX payments_decision_id ON payments(decision_id);
CREATE INDEX remedies_decision_id ON remedies(decision_id);
CREATE INDEX remedies_kind ON remedies(kind);
CREATE INDEX deadlines_decision_id ON deadlines(decision_id);
CREATE INDEX findings_decision_id ON findings(decision_id);
CREATE INDEX findings_determination ON findings(determination);
CREATE INDEX duplicates_decision_id ON duplicates(decision_id);
CREATE UNIQUE INDEX organisations_key ON organisations(key);
CREATE INDEX organisations_type ON organisations(type);
CREATE INDEX errors_kind ON errors(kind);
"#;

/// Views for the common questions. The uphold rate is the LGSCO's:
/// upheld / (upheld + not upheld), null when neither; closed after initial
/// enquiries never counts. Money sums add whole pence, so they are exact.
pub const VIEWS: &str = r#"
CREATE VIEW uphold_rate_by_organisation_and_year AS
SELECT
    o.id AS organisation_id,
    o.name AS organisation,
    o.type AS organisation_type,
    d.financial_year AS financial_year,
    count(*) AS decisions,
    sum(d.outcome_class = 'upheld') AS upheld,
    sum(d.outcome_class = 'not_upheld') AS not_upheld,
    sum(d.outcome_class = 'closed_after_initial_enquiries') AS closed_after_initial_enquiries,
    1.0 * sum(d.outcome_class = 'upheld')
        / nullif(sum(d.outcome_class IN ('upheld', 'not_upheld')), 0) AS uphold_rate,
    sum(d.remedy_total_pence > 0) AS with_payment,
    sum(d.remedy_total_pence) / 100.0 AS remedy_total_gbp,
    sum(d.remedy_total_pence) AS remedy_total_pence
FROM decisions d
JOIN organisations o ON o.id = d.organisation_id
GROUP BY o.id, d.financial_year
ORDER BY o.name, d.financial_year;

CREATE VIEW remedies_by_category AS
SELECT
    d.category_area AS category_area,
    d.category AS category,
    r.kind AS kind,
    r.remedy_group AS remedy_group,
    count(DISTINCT r.decision_id) AS decisions,
    count(*) AS remedies
FROM remedies r
JOIN decisions d ON d.id = r.decision_id
GROUP BY d.category, r.kind
ORDER BY d.category, decisions DESC, r.kind;

CREATE VIEW money_by_category AS
SELECT
    category_area,
    category,
    count(*) AS decisions,
    sum(remedy_total_pence > 0) AS with_payment,
    sum(remedy_total_pence) / 100.0 AS remedy_total_gbp,
    sum(remedy_total_pence) AS remedy_total_pence,
    max(remedy_total_pence) / 100.0 AS remedy_largest_gbp
FROM decisions
GROUP BY category
ORDER BY remedy_total_pence DESC, category;

CREATE VIEW housing_landlords AS
SELECT
    d.organisation AS landlord,
    count(DISTINCT d.id) AS decisions,
    count(*) AS findings,
    sum(f.determination IN ('severe maladministration', 'maladministration', 'service failure',
        'reasonable redress', 'no maladministration')) AS findings_determined,
    sum(f.determination IN ('severe maladministration', 'maladministration', 'service failure'))
        AS findings_maladministration,
    1.0 * sum(f.determination IN ('severe maladministration', 'maladministration', 'service failure'))
        / nullif(sum(f.determination IN ('severe maladministration', 'maladministration',
            'service failure', 'reasonable redress', 'no maladministration')), 0)
        AS maladministration_rate
FROM findings f
JOIN decisions d ON d.id = f.decision_id
WHERE d.ombudsman = 'Housing Ombudsman'
GROUP BY d.organisation
ORDER BY d.organisation;
"#;
