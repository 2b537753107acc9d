import pytest

from pewarta.desk import services
from pewarta.desk.models import Status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_lists_published_story_in_a_real_browser(live_server, page, make_story, editor):
    story = make_story(status=Status.APPROVED, headline="Sungai Bersih, Anak-anak Kembali Berenang")
    services.story_publish(story=story, actor=editor)

    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name="Sungai Bersih, Anak-anak Kembali Berenang")
    link.click()

    assert page.locator("h1").inner_text() == "Sungai Bersih, Anak-anak Kembali Berenang"
    assert "Editor: Eka Editor" in page.locator(".editor").inner_text()
