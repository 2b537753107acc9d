"""The author and tag links carry the listing key (desk.models.ListingLink).

Story.authors and Story.tags used Django's auto-created through tables; they become the
models StoryAuthor and StoryTag on the same tables (state only: no table is copied), then
gain `published_at`, filled from the stories published now, and a partial
(label, published_at, story) index each.
"""

import django.db.models.deletion
from django.db import migrations, models

FILL = (
    "UPDATE {table} SET published_at = (SELECT s.published_at FROM desk_story s "
    "WHERE s.id = {table}.story_id AND s.status = 'published')"
)


def _link(name, label, to, table):
    return migrations.CreateModel(
        name=name,
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("story", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name=f"{label}_links", to="desk.story")),
            (label if label == "tag" else "contributor", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=to)),
        ],
        options={"db_table": table, "unique_together": {("story", label if label == "tag" else "contributor")}},
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_data_access_link"),
        ("desk", "0009_label_covering_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                _link("StoryAuthor", "author", "accounts.contributor", "desk_story_authors"),
                migrations.AlterField(
                    model_name="story",
                    name="authors",
                    field=models.ManyToManyField(blank=True, related_name="stories", through="desk.StoryAuthor", to="accounts.contributor", verbose_name="penulis"),
                ),  # fmt: skip
                _link("StoryTag", "tag", "desk.tag", "desk_story_tags"),
                migrations.AlterField(
                    model_name="story",
                    name="tags",
                    field=models.ManyToManyField(blank=True, related_name="stories", through="desk.StoryTag", to="desk.tag", verbose_name="tag"),
                ),  # fmt: skip
            ]
        ),
        migrations.AddField(
            model_name="storyauthor",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="storytag",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(FILL.format(table="desk_story_authors"), migrations.RunSQL.noop),
        migrations.RunSQL(FILL.format(table="desk_story_tags"), migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="storyauthor",
            index=models.Index(condition=models.Q(("published_at__isnull", False)), fields=["contributor", "-published_at", "-story"], name="story_author_listing"),
        ),  # fmt: skip
        migrations.AddIndex(
            model_name="storytag",
            index=models.Index(condition=models.Q(("published_at__isnull", False)), fields=["tag", "-published_at", "-story"], name="story_tag_listing"),
        ),  # fmt: skip
    ]
