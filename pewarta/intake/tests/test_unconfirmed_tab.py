"""The desk's tab of pieces awaiting their sender: searchable, paged, discarded in bulk."""

import pytest
from django.urls import reverse

from pewarta.desk.models import Status, Story
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests.corpus import base, wire

pytestmark = pytest.mark.django_db
Outcome = InboundMessage.Outcome


def spam(process, n, domain="promo.example"):
    stories = []
    for i in range(n):
        msg = base(f"Promo Pinjaman Kilat {i}", f"Promo {i} <promo{i}@{domain}>")
        msg.set_content("Pinjaman cair dalam lima menit tanpa agunan, hubungi kami sekarang.")
        stories.append(process(wire(msg)).story)
    return stories


def test_unconfirmed_pieces_have_their_own_tab_and_leave_the_queue(client, editor, process):
    stories = spam(process, 3)
    assert {s.status for s in stories} == {Status.AWAITING_CONFIRMATION}
    client.force_login(editor)
    queue = client.get(reverse("desk:queue")).content.decode()
    assert "Promo Pinjaman" not in queue
    tab = client.get(reverse("intake:unconfirmed")).content.decode()
    assert all(f"Promo Pinjaman Kilat {i}" in tab for i in range(3))
    assert "promo1@promo.example" in tab
    found = client.get(reverse("intake:unconfirmed"), {"q": "promo2@"}).content.decode()
    assert "Promo Pinjaman Kilat 2" in found and "Promo Pinjaman Kilat 1" not in found
    by_code = client.get(reverse("intake:unconfirmed"), {"q": stories[0].tracking_code})
    assert "Promo Pinjaman Kilat 0" in by_code.content.decode()


def test_bulk_discard_of_selected_and_of_everything_matching(client, editor, process):
    stories = spam(process, 4)
    keep = spam(process, 1, domain="warga.example")[0]
    client.force_login(editor)
    first = InboundMessage.objects.get(story=stories[0])
    response = client.post(reverse("intake:unconfirmed_discard"), {"pesan": [first.pk]})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.outcome == Outcome.DISCARDED
    assert Story.objects.get(pk=stories[0].pk).status == Status.REJECTED

    response = client.post(
        reverse("intake:unconfirmed_discard"), {"q": "promo.example", "scope": "matching"}
    )
    assert response["Location"].endswith("?q=promo.example")
    statuses = set(Story.objects.filter(pk__in=[s.pk for s in stories]).values_list("status"))
    assert statuses == {(Status.REJECTED,)}
    assert Story.objects.get(pk=keep.pk).status == Status.AWAITING_CONFIRMATION
    left = client.get(reverse("intake:unconfirmed")).content.decode()
    assert "Promo Pinjaman Kilat 0" in left  # same subject as the kept one, from warga.example
    assert "promo3@promo.example" not in left and "promo0@warga.example" in left


def test_bulk_discard_needs_an_editor_and_a_choice(client, writer, editor, process):
    (story,) = spam(process, 1)
    message = InboundMessage.objects.get(story=story)
    client.force_login(writer)
    assert (
        client.post(reverse("intake:unconfirmed_discard"), {"pesan": [message.pk]}).status_code
        == 403
    )
    client.force_login(editor)
    page = client.post(reverse("intake:unconfirmed_discard"), {}, follow=True).content.decode()
    assert "Pilih dulu naskah" in page
    assert Story.objects.get(pk=story.pk).status == Status.AWAITING_CONFIRMATION
