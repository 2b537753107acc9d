import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("desk", "0002_sections"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "story",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="desk.story",
                    ),
                ),
                ("headline_terms", models.TextField(blank=True)),
                ("lead_terms", models.TextField(blank=True)),
                ("body_terms", models.TextField(blank=True)),
                ("section_id", models.IntegerField(blank=True, null=True)),
                ("kind", models.CharField(blank=True, max_length=20)),
                ("published_at", models.DateTimeField(db_index=True)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "entri indeks pencarian",
                "verbose_name_plural": "entri indeks pencarian",
            },
        ),
    ]
