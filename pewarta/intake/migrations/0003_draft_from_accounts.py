import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="intake", model="draft").exists():
        ContentType.objects.filter(app_label="accounts", model="draft").update(app_label="intake")


def content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="intake", model="draft").update(app_label="accounts")


class Migration(migrations.Migration):
    """Take over accounts.Draft without touching its table (accounts_draft)."""

    dependencies = [
        ("accounts", "0005_draft_to_intake"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("desk", "0004_event_to_audit"),
        ("intake", "0002_senders"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Draft",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("token", models.CharField(max_length=40, unique=True)),
                        ("kind", models.CharField(default="berita", max_length=20, verbose_name="jenis")),
                        ("headline", models.CharField(blank=True, max_length=300, verbose_name="judul")),
                        ("lead", models.TextField(blank=True, verbose_name="teras berita")),
                        ("body_source", models.TextField(blank=True, verbose_name="isi (seperti ditulis)")),
                        ("body_html", models.TextField(blank=True, verbose_name="isi")),
                        ("dateline", models.CharField(blank=True, max_length=80, verbose_name="tempat")),
                        ("images", models.JSONField(blank=True, default=list, verbose_name="foto")),
                        ("affiliation_disclosure", models.TextField(blank=True, verbose_name="pengungkapan afiliasi")),
                        ("originality_confirmed", models.BooleanField(default=False, verbose_name="pernyataan keaslian")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("contributor", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="drafts", to="accounts.contributor")),
                        ("story", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="web_draft", to="desk.story")),
                    ],
                    options={
                        "verbose_name": "draf",
                        "verbose_name_plural": "draf",
                        "ordering": ["-updated_at"],
                        "db_table": "accounts_draft",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_back),
    ]
