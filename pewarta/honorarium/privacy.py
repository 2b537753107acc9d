"""Honorarium as a place of `accounts.personal_data`. Ledger entries stay (payments must be
provable) and keep pointing at the profile, which erasure anonymises; bank details go."""

from pewarta.accounts.personal_data import Person, register_place
from pewarta.honorarium.models import BankAccount, LedgerEntry


def honorarium_export(person: Person):
    if person.contributor is None:
        return None
    bank = BankAccount.objects.filter(contributor=person.contributor).first()
    ledger = [
        {
            "story": e.story.tracking_code,
            "type": e.entry_type,
            "amount": e.amount,
            "period": e.period,
            "note": e.note,
            "at": e.created_at.isoformat(),
        }
        for e in LedgerEntry.objects.filter(contributor=person.contributor).select_related("story")
    ]
    if bank is None and not ledger:
        return None
    account = None
    if bank is not None:
        account = {
            "bank": bank.bank_name,
            "holder": bank.holder,
            "number": bank.number,
            "updated_at": bank.updated_at.isoformat(),
        }
    return {"bank_account": account, "ledger": ledger}


def honorarium_erase(person: Person, actor) -> int:
    if person.contributor is None:
        return 0
    return BankAccount.objects.filter(contributor=person.contributor).delete()[0]


def register() -> None:
    register_place("honorarium", export=honorarium_export, erase=honorarium_erase)
