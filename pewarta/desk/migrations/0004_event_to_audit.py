from django.db import migrations


class Migration(migrations.Migration):
    """Event moved to the `audit` room; its table (desk_event) and rows stay where they are."""

    dependencies = [
        ("desk", "0003_notes_risk_checklist"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Event")],
            database_operations=[],
        ),
    ]
