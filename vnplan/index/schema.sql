-- vnplan index: one SQLite database over many Plans (vnplan index OUTDIR -o plans.db).
-- Every fact row is keyed by (plan_id, n) -- n its index in the Plan's list -- and carries
-- span_start/span_end (offsets into plans_text.text) and section (the innermost section id).
PRAGMA foreign_keys = ON;

CREATE TABLE IF NOT EXISTS plans (
  plan_id      INTEGER PRIMARY KEY,
  source       TEXT,             -- source path (path#member for archives)
  format       TEXT,
  sha256       TEXT NOT NULL UNIQUE,
  number       TEXT,             -- 219/KH-UBND, NULL when blank
  issuer       TEXT,
  issuer_level TEXT,             -- tinh, huyen, xa, trung_uong
  issuer_parent TEXT,            -- the body above the issuer (a Sở's Ủy ban nhân dân tỉnh), NULL for a UBND
  place        TEXT,
  issued_date  TEXT,             -- ISO date
  year         INTEGER,
  title        TEXT,
  signer       TEXT,
  signer_title TEXT,
  doc_type     TEXT,
  warnings     TEXT,             -- JSON array
  schema_version TEXT,
  json_file    TEXT              -- the batch output it was read from
);
CREATE TABLE IF NOT EXISTS plans_text (  -- the normalized text the spans point into
  plan_id INTEGER PRIMARY KEY REFERENCES plans, title TEXT, text TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS sections (
  plan_id INTEGER NOT NULL REFERENCES plans, n INTEGER NOT NULL, id TEXT NOT NULL, parent TEXT,
  label TEXT, heading TEXT, kind TEXT, level INTEGER, span_start INTEGER, span_end INTEGER,
  PRIMARY KEY (plan_id, n));
CREATE TABLE IF NOT EXISTS targets (
  plan_id INTEGER NOT NULL REFERENCES plans, n INTEGER NOT NULL, section TEXT, span_start INTEGER, span_end INTEGER,
  value REAL, value_max REAL, unit TEXT, comparator TEXT, change TEXT, baseline TEXT, baseline_value REAL,
  year INTEGER, subject TEXT, text TEXT, owners TEXT,   -- owners: '; '-joined agency names
  PRIMARY KEY (plan_id, n));
CREATE TABLE IF NOT EXISTS quantities (
  plan_id INTEGER NOT NULL REFERENCES plans, n INTEGER NOT NULL, section TEXT, span_start INTEGER, span_end INTEGER,
  value REAL, value_max REAL, unit TEXT, of_total REAL, text TEXT,
  PRIMARY KEY (plan_id, n));
CREATE TABLE IF NOT EXISTS agencies (
  plan_id INTEGER NOT NULL REFERENCES plans, n INTEGER NOT NULL, section TEXT, span_start INTEGER, span_end INTEGER,
  name TEXT NOT NULL, aliases TEXT, lead INTEGER, mentions INTEGER,   -- aliases: JSON array
  PRIMARY KEY (plan_id, n));
CREATE TABLE IF NOT EXISTS agency_roles (
  plan_id INTEGER NOT NULL REFERENCES plans, agency_n INTEGER NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
  PRIMARY KEY (plan_id, agency_n, role));
CREATE TABLE IF NOT EXISTS tasks (
  plan_id INTEGER NOT NULL REFERENCES plans, n INTEGER NOT NULL, section TEXT, span_start INTEGER, span_end INTEGER,
  text TEXT, lead TEXT, partners TEXT, deadline_text TEXT, deadline_kind TEXT, deadline_rule TEXT,
  PRIMARY KEY (plan_id, n));
CREATE TABLE IF NOT EXISTS task_agencies (   -- one row per (task, agency, role): role 'lead' or 'partner'
  plan_id INTEGER NOT NULL REFERENCES plans, task_n INTEGER NOT NULL, agency TEXT NOT NULL, role TEXT NOT NULL,
  PRIMARY KEY (plan_id, task_n, agency, role));
CREATE TABLE IF NOT EXISTS deadlines (
  plan_id INTEGER NOT NULL REFERENCES plans, n INTEGER NOT NULL, section TEXT, span_start INTEGER, span_end INTEGER,
  text TEXT, kind TEXT, date TEXT, start_year INTEGER, end_year INTEGER, frequency TEXT, times INTEGER,
  day INTEGER, month INTEGER, months TEXT, quarter INTEGER, year INTEGER, rule TEXT, event TEXT,
  offset_days INTEGER, owners TEXT,
  PRIMARY KEY (plan_id, n));
CREATE TABLE IF NOT EXISTS deadline_occurrences (  -- recurring deadlines expanded from their RRULE
  plan_id INTEGER NOT NULL REFERENCES plans, deadline_n INTEGER NOT NULL, due_date TEXT NOT NULL,
  day_given INTEGER NOT NULL,   -- 1 when the rule names the day (BYMONTHDAY/BYDAY), 0 when the day is the plan's date
  PRIMARY KEY (plan_id, deadline_n, due_date));
CREATE TABLE IF NOT EXISTS legal_refs (
  plan_id INTEGER NOT NULL REFERENCES plans, n INTEGER NOT NULL, section TEXT, span_start INTEGER, span_end INTEGER,
  symbol TEXT, doc_type TEXT, number TEXT, issued_date TEXT, issuer TEXT, is_basis INTEGER, text TEXT,
  PRIMARY KEY (plan_id, n));
CREATE TABLE IF NOT EXISTS funding (
  plan_id INTEGER NOT NULL REFERENCES plans, n INTEGER NOT NULL, section TEXT, span_start INTEGER, span_end INTEGER,
  source TEXT, text TEXT, amount REAL, unit TEXT,
  PRIMARY KEY (plan_id, n));
CREATE TABLE IF NOT EXISTS index_errors (   -- inputs that could not be indexed, one row each
  location TEXT PRIMARY KEY, error TEXT NOT NULL);

CREATE INDEX IF NOT EXISTS plans_issuer ON plans(issuer);
CREATE INDEX IF NOT EXISTS plans_level_year ON plans(issuer_level, year);
CREATE INDEX IF NOT EXISTS plans_number ON plans(number);
CREATE INDEX IF NOT EXISTS sections_kind ON sections(kind);
CREATE INDEX IF NOT EXISTS targets_subject ON targets(subject);
CREATE INDEX IF NOT EXISTS targets_unit_year ON targets(unit, year);
CREATE INDEX IF NOT EXISTS quantities_unit ON quantities(unit);
CREATE INDEX IF NOT EXISTS agencies_name ON agencies(name);
CREATE INDEX IF NOT EXISTS agency_roles_role ON agency_roles(role, name);
CREATE INDEX IF NOT EXISTS task_agencies_agency ON task_agencies(agency, role);
CREATE INDEX IF NOT EXISTS deadlines_kind ON deadlines(kind, frequency);
CREATE INDEX IF NOT EXISTS occurrences_due ON deadline_occurrences(due_date);
CREATE INDEX IF NOT EXISTS legal_refs_symbol ON legal_refs(symbol);
CREATE INDEX IF NOT EXISTS legal_refs_type ON legal_refs(doc_type);

-- Views are re-created on every open, so an index built by an older vnplan gets today's.
-- Full-text search (FTS5, unicode61 keeps Vietnamese tone marks: 'bàn' is not 'bán').
CREATE VIRTUAL TABLE IF NOT EXISTS plans_fts USING fts5(
  title, text, content='plans_text', content_rowid='plan_id', tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS tasks_fts USING fts5(
  text, plan_id UNINDEXED, task_n UNINDEXED, tokenize='unicode61 remove_diacritics 0');

DROP VIEW IF EXISTS targets_by_subject;
CREATE VIEW targets_by_subject AS
  SELECT t.subject, t.comparator, t.value, t.value_max, t.unit, t.change, t.year AS target_year,
         p.number, p.issuer, p.issuer_level, p.place, p.year AS plan_year, t.owners, t.text,
         t.plan_id, t.n AS target_n, t.section, t.span_start, t.span_end
  FROM targets t JOIN plans p USING (plan_id)
  ORDER BY t.subject, p.issuer, t.year;

DROP VIEW IF EXISTS reporting_calendar;
CREATE VIEW reporting_calendar AS
  SELECT o.due_date, d.text AS deadline, d.frequency, d.rule, o.day_given, d.owners,
         p.number, p.issuer, d.plan_id, d.n AS deadline_n, d.section, d.span_start, d.span_end
  FROM deadline_occurrences o
  JOIN deadlines d ON d.plan_id = o.plan_id AND d.n = o.deadline_n
  JOIN plans p ON p.plan_id = o.plan_id
  WHERE o.due_date >= date('now') AND o.due_date < date('now', '+12 months')
  ORDER BY o.due_date, p.issuer, d.n;

DROP VIEW IF EXISTS agency_load;
CREATE VIEW agency_load AS
  SELECT agency,
         SUM(role = 'lead') AS tasks_led,
         SUM(role = 'partner') AS tasks_partnered,
         COUNT(DISTINCT plan_id) AS plans
  FROM task_agencies GROUP BY agency
  ORDER BY tasks_led DESC, tasks_partnered DESC, agency;

DROP VIEW IF EXISTS cited_documents;
CREATE VIEW cited_documents AS
  SELECT l.symbol, l.doc_type, l.issued_date AS cited_date, l.issuer AS cited_issuer,
         COUNT(*) OVER (PARTITION BY l.symbol) AS n_plans,
         p.number, p.issuer, p.place, p.year, p.title, l.is_basis, l.plan_id
  FROM (SELECT plan_id, symbol, MAX(doc_type) AS doc_type, MAX(issued_date) AS issued_date,
               MAX(issuer) AS issuer, MAX(is_basis) AS is_basis
        FROM legal_refs GROUP BY plan_id, symbol) l
  JOIN plans p USING (plan_id)
  ORDER BY n_plans DESC, l.symbol, p.issuer;
