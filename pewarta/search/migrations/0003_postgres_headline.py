"""PostgreSQL only: a headline-only tsvector with its own GIN index (fast headline pass), and
a low TOAST threshold so the big tsvector and term columns live out of line: a bitmap scan
then reads narrow rows, and only the rows kept for ranking are de-toasted."""

from django.db import migrations

UP = [
    """ALTER TABLE search_searchentry ADD COLUMN headline_document tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', headline_terms)) STORED""",
    """CREATE INDEX search_entry_headline_gin ON search_searchentry
        USING gin (headline_document)""",
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
]
DOWN = [
    "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS search_entry_headline_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS headline_document",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
