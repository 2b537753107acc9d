"""The full-text structures, one per database vendor (a no-op on the other one).

SQLite: an external-content FTS5 table over search_searchentry kept in step by triggers, and
an fts5vocab view of it (document frequencies for related stories).
PostgreSQL: a generated, weighted tsvector (headline A, lead B, body C) over the already
analysed terms with the `simple` configuration, and a GIN index on it.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        headline_terms, lead_terms, body_terms,
        content='search_searchentry', content_rowid='story_id'
    )""",
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, headline_terms, lead_terms, body_terms)
        VALUES (new.story_id, new.headline_terms, new.lead_terms, new.body_terms);
    END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline_terms, lead_terms, body_terms)
        VALUES ('delete', old.story_id, old.headline_terms, old.lead_terms, old.body_terms);
    END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline_terms, lead_terms, body_terms)
        VALUES ('delete', old.story_id, old.headline_terms, old.lead_terms, old.body_terms);
        INSERT INTO search_fts(rowid, headline_terms, lead_terms, body_terms)
        VALUES (new.story_id, new.headline_terms, new.lead_terms, new.body_terms);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_UP = [
    """ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', headline_terms), 'A')
        || setweight(to_tsvector('simple', lead_terms), 'B')
        || setweight(to_tsvector('simple', body_terms), 'C')
    ) STORED""",
    "CREATE INDEX search_entry_document_gin ON search_searchentry USING gin (document)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_entry_document_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
