"""The honorarium ledger: earnings at publication, reversals, corrections, bonuses, statements,
the month's CSV with PPh, and bank details encrypted at rest."""

import csv
import io

import pytest
from django.db import connection
from django.urls import reverse

from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.contributors.privacy import contributor_erase, data_export
from pewarta.desk import services as desk
from pewarta.desk.models import Status
from pewarta.honorarium import services, views_source
from pewarta.honorarium.models import AppendOnly, BankAccount, LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(finance):
    services.rate_set(kind="berita", amount=150_000, actor=finance)
    services.rate_set(kind="opini", amount=200_000, actor=finance)


def test_publishing_writes_one_earning_per_credited_writer_at_the_current_rate(
    make_story, rates, other_member, editor, on_commit
):
    story = make_story(status=Status.APPROVED)
    desk.story_add_author(story=story, contributor=other_member.contributor, actor=editor)
    with on_commit():
        story = desk.story_publish(story=story, actor=editor)
    entries = LedgerEntry.objects.filter(story=story)
    assert sorted(e.amount for e in entries) == [150_000, 150_000]
    assert {e.entry_type for e in entries} == {"earning"}


def test_republishing_an_update_does_not_pay_twice(published, rates):
    story = published()
    services.story_earnings_record(story)
    assert LedgerEntry.objects.filter(story=story).count() == 1


def test_retraction_writes_a_reversing_entry_and_never_edits(
    published, rates, senior_editor, on_commit
):
    story = published()
    (earning,) = LedgerEntry.objects.filter(story=story)
    with on_commit():
        desk.story_retract(story=story, actor=senior_editor, reason="sara", note="Dicabut.")
    reversal = LedgerEntry.objects.get(story=story, entry_type="reversal")
    assert reversal.amount == -150_000 and reversal.reverses_id == earning.pk
    earning.refresh_from_db()
    assert earning.amount == 150_000  # untouched
    with pytest.raises(AppendOnly):
        earning.save()
    with pytest.raises(AppendOnly):
        earning.delete()


def test_a_new_rate_applies_to_later_pieces_and_a_correction_reverses(published, rates, finance):
    first = published(headline="Pertama")
    services.rate_set(kind="berita", amount=175_000, actor=finance)
    second = published(headline="Kedua")
    assert LedgerEntry.objects.get(story=first).amount == 150_000
    assert LedgerEntry.objects.get(story=second).amount == 175_000
    entry = LedgerEntry.objects.get(story=first)
    fixed = services.entry_correct(entry=entry, amount=175_000, actor=finance, note="Tarif baru")
    amounts = sorted(LedgerEntry.objects.filter(story=first).values_list("amount", flat=True))
    assert amounts == [-150_000, 150_000, 175_000] and fixed.amount == 175_000
    with pytest.raises(ValidationFailed):
        services.entry_correct(entry=entry, amount=1, actor=finance, note="lagi")


def test_only_finance_sets_rates_and_corrects(editor, senior_editor):
    for actor in (editor, senior_editor):
        with pytest.raises(NotPermitted):
            services.rate_set(kind="berita", amount=1, actor=actor)


def test_bonus_tiers_by_views_are_paid_once(published, rates, finance):
    story = published()
    services.bonus_tier_set(kind="", min_views=1000, amount=50_000, actor=finance)
    views_source.register_views_source(lambda ids: {story.pk: 1200})
    try:
        assert [e.amount for e in services.bonuses_award()] == [50_000]
        assert services.bonuses_award() == []
    finally:
        views_source._source.clear()


def test_statements_and_the_month_csv_with_pph(published, rates, finance, writer, settings):
    settings.PEWARTA_HONORARIUM_PPH_PERCENT = 2.5
    published(headline="Satu")
    published(headline="Dua")
    services.bank_account_set(
        contributor=writer.contributor,
        bank_name="Bank Uji",
        holder="Penulis Uji",
        number="1234 5678 90",
    )
    (statement,) = services.statements(writer.contributor)
    assert statement["gross"] == 300_000 and statement["pph"] == 7_500
    assert statement["net"] == 292_500
    rows = list(
        csv.DictReader(io.StringIO(services.month_csv(period=statement["period"], actor=finance)))
    )
    assert rows[0]["bruto"] == "300000" and rows[0]["pph"] == "7500" and rows[0]["neto"] == "292500"
    assert rows[0]["nomor_rekening"] == "1234567890"
    with pytest.raises(NotPermitted):
        services.month_csv(period=statement["period"], actor=writer)


def test_bank_details_are_encrypted_at_rest_and_masked(member, client, finance):
    services.bank_account_set(
        contributor=member.contributor,
        bank_name="Bank Uji",
        holder="Penulis Uji",
        number="9876543210",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT holder_encrypted, number_encrypted FROM honorarium_bankaccount")
        raw = " ".join(cursor.fetchone())
    assert "9876543210" not in raw and "Penulis Uji" not in raw
    assert BankAccount.objects.get().number == "9876543210"
    client.force_login(member)
    page = client.get(reverse("honorarium:mine")).content.decode()
    assert "•••• 3210" in page and "9876543210" not in page
    client.force_login(finance)
    assert "9876543210" in client.get(reverse("honorarium:desk")).content.decode()


def test_a_bad_account_number_is_refused_with_a_message(member, client):
    client.force_login(member)
    response = client.post(
        reverse("honorarium:mine"),
        {"bank_name": "Bank", "holder": "A", "number": "12ab"},
        follow=True,
    )
    assert "5–20 angka" in response.content.decode()
    assert not BankAccount.objects.exists()


def test_export_includes_and_erasure_removes_bank_details_but_keeps_the_ledger(
    published, rates, writer
):
    published()
    services.bank_account_set(
        contributor=writer.contributor, bank_name="Bank Uji", holder="Penulis Uji", number="1234567"
    )
    exported = data_export(contributor=writer.contributor)
    assert exported["elsewhere"]["honorarium"]["bank_account"]["number"] == "1234567"
    assert exported["elsewhere"]["honorarium"]["ledger"][0]["amount"] == 150_000
    contributor_erase(contributor=writer.contributor, actor=writer)
    assert not BankAccount.objects.exists()
    entry = LedgerEntry.objects.get()
    assert entry.contributor.pen_name == "Penulis anonim" and entry.contributor.email == ""


def test_the_finance_desk_needs_the_finance_role(client, editor, finance):
    client.force_login(editor)
    assert client.get(reverse("honorarium:desk")).status_code == 403
    client.force_login(finance)
    response = client.post(
        reverse("honorarium:desk"), {"form": "rate", "kind": "esai", "amount": "125.000"}
    )
    assert response.status_code == 302
    assert services.current_rates()["esai"].amount == 125_000
