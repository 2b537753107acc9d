"""Advertorial is not news: its own section (/advertorial/), never under /berita/."""

from django.db import migrations


def advertorial_section(apps, schema_editor):
    Section = apps.get_model("desk", "Section")
    Story = apps.get_model("desk", "Story")
    section, _created = Section.objects.get_or_create(
        slug="advertorial",
        defaults={
            "name": "Advertorial",
            "description": "Konten berbayar, bukan produk jurnalistik redaksi.",
            "position": 9,
        },
    )
    Story.objects.filter(kind="advertorial").exclude(section=section).update(section=section)


class Migration(migrations.Migration):
    dependencies = [("desk", "0006_merge_0005_listing_indexes_0005_safeguards")]
    operations = [migrations.RunPython(advertorial_section, migrations.RunPython.noop)]
