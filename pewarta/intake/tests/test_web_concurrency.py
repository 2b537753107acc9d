import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from pewarta.accounts.services import contributor_register
from pewarta.desk.models import Story
from pewarta.intake.web import draft_save, draft_submit


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_of_one_draft_make_one_story():
    user = get_user_model().objects.create_user(username="eka", email="eka@example.id")
    contributor = contributor_register(user=user, pen_name="Eka", birth_year=1980)
    draft_save(
        contributor=contributor,
        token="same-form",
        kind="berita",
        headline="Banjir Rob di Pekalongan",
        lead="",
        body_source="Air laut masuk ke permukiman warga sejak pagi.",
        originality_confirmed=True,
    )
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(draft_submit(contributor=contributor, token="same-form", actor=user))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Story.objects.count() == 1
    assert sorted(created for _story, created in results) == [False, True]
    assert len({story.pk for story, _created in results}) == 1
