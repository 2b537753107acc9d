from django.db import migrations
from django.utils import timezone

TERMS = """Dengan mengirim tulisan, Anda menyatakan bahwa tulisan itu karya Anda sendiri, benar sepanjang pengetahuan Anda, dan belum dimuat di media lain.

Anda tidak menulis kebohongan, fitnah, sadisme, cabul, kebencian atau permusuhan berdasarkan suku, agama, ras, dan antargolongan (SARA), hasutan kekerasan, atau diskriminasi.

Redaksi berhak menyunting, menolak, atau menghapus tulisan. Isi tulisan menjadi tanggung jawab penulis dan tidak mewakili pandangan redaksi."""

PRIVACY = """Kami memproses nama pena, nama asli, email, tahun lahir, dan data profil Anda untuk meninjau dan menerbitkan tulisan Anda serta menghubungi Anda tentangnya. Nama asli hanya dilihat redaksi.

Gambar identitas untuk verifikasi dihapus begitu redaksi memutuskan. Anda dapat mengunduh, memperbaiki, atau menghapus data Anda dan menarik persetujuan kapan saja dari halaman Data Pribadi; setiap permintaan dijawab paling lambat 3×24 jam."""


def create(apps, schema_editor):
    PolicyVersion = apps.get_model("accounts", "PolicyVersion")
    start = timezone.datetime(2026, 1, 1, tzinfo=timezone.get_fixed_timezone(420))
    for kind, text in (("terms", TERMS), ("privacy", PRIVACY)):
        PolicyVersion.objects.get_or_create(
            kind=kind, version="2026.1", defaults={"text": text, "effective_at": start}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_consent_drafts_privacy")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
