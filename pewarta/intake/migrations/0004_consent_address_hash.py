import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models


def hash_addresses(apps, schema_editor):
    """Existing records keep their proof: the keyed hash of the address they held."""
    ConsentRecord = apps.get_model("intake", "ConsentRecord")
    key = settings.SECRET_KEY.encode()
    records = ConsentRecord.objects.using(schema_editor.connection.alias)
    for record in records.iterator():
        address = (record.address or "").strip().lower().encode()
        record.address_hash = hmac.new(key, address, hashlib.sha256).hexdigest()
        record.save(update_fields=["address_hash"])


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_draft_from_accounts")]

    operations = [
        migrations.AddField(
            model_name="consentrecord",
            name="address_hash",
            field=models.CharField(
                db_index=True, default="", max_length=64, verbose_name="hash alamat (HMAC)"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(hash_addresses, migrations.RunPython.noop),
        migrations.RemoveField(model_name="consentrecord", name="address"),
    ]
