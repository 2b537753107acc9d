from django.db import migrations


def create_pages(apps, schema_editor):
    from pewarta.public.defaults import PAGES

    Page = apps.get_model("public", "Page")
    for slug, (title, body) in PAGES.items():
        Page.objects.get_or_create(slug=slug, defaults={"title": title, "body_html": body.strip()})


class Migration(migrations.Migration):
    dependencies = [("public", "0001_initial")]
    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
