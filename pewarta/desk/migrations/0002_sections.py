from django.db import migrations

SECTIONS = [
    ("berita", "Berita", "Laporan warga tentang peristiwa di sekitar mereka."),
    ("opini", "Opini", "Pandangan pribadi penulis atas isu publik."),
    ("esai", "Esai", "Tulisan reflektif yang lebih panjang."),
    ("kolom", "Kolom", "Tulisan berkala dari penulis tetap."),
    ("siaran-pers", "Siaran Pers", "Rilis resmi dari lembaga dan organisasi."),
]


def create_sections(apps, schema_editor):
    Section = apps.get_model("desk", "Section")
    for position, (slug, name, description) in enumerate(SECTIONS):
        Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_initial")]
    operations = [migrations.RunPython(create_sections, migrations.RunPython.noop)]
