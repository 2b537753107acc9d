from django.db import migrations


class Migration(migrations.Migration):
    """Draft (a web submission) moved to the `intake` room; its table and rows stay."""

    dependencies = [("accounts", "0004_data_request_reminder")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Draft")],
            database_operations=[],
        ),
    ]
