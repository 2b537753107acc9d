import pytest

from pewarta.complaints.models import Complaint
from pewarta.desk.models import Status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reader_files_a_report_from_the_story_page(live_server, page, make_story):
    story = make_story(status=Status.PUBLISHED, headline="Jembatan Gantung Putus Diterjang Arus")

    page.goto(live_server.url + story.get_absolute_url())
    page.get_by_role("link", name="Laporkan", exact=True).click()
    page.get_by_label("Hoaks atau informasi palsu").check()
    page.get_by_label("Penjelasan (wajib bila memilih Lainnya)").fill(
        "Foto jembatan diambil dari kejadian tahun lalu."
    )
    page.get_by_label("Email (untuk konfirmasi dan kabar tindak lanjut)").fill("dewi@contoh.id")
    page.get_by_role("button", name="Kirim laporan").click()

    confirmation = page.get_by_role("status")
    assert "sudah kami terima" in confirmation.inner_text()
    complaint = Complaint.objects.get()
    assert complaint.story_id == story.pk and complaint.reason == "hoaks"
    assert page.url.endswith(complaint.get_tracking_url() + "?baru=1")
    assert "Diterima" in page.locator(".complaint-facts").inner_text()
