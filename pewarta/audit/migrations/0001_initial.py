import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    """Permissions and generic links of the old desk.Event now name audit.Event."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="audit", model="event").exists():
        ContentType.objects.filter(app_label="desk", model="event").update(app_label="audit")


def content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="audit", model="event").update(app_label="desk")


class Migration(migrations.Migration):
    """Take over desk.Event without touching its table: state only, then the content type."""

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("desk", "0004_event_to_audit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Event",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("object_id", models.CharField(blank=True, max_length=40)),
                        ("actor_label", models.CharField(blank=True, max_length=200, verbose_name="pelaku")),
                        ("action", models.CharField(db_index=True, max_length=80, verbose_name="tindakan")),
                        ("from_status", models.CharField(blank=True, max_length=24, verbose_name="dari status")),
                        ("to_status", models.CharField(blank=True, max_length=24, verbose_name="ke status")),
                        ("note", models.TextField(blank=True, verbose_name="catatan")),
                        ("payload", models.JSONField(blank=True, default=dict, verbose_name="data")),
                        ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="waktu")),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                        ("content_type", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to="contenttypes.contenttype")),
                        ("story", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="events", to="desk.story")),
                    ],
                    options={
                        "verbose_name": "peristiwa",
                        "verbose_name_plural": "peristiwa",
                        "ordering": ["created_at", "id"],
                        "db_table": "desk_event",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_back),
    ]
