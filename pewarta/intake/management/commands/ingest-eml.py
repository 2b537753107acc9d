import json
from pathlib import Path

from django.core.management.base import BaseCommand

from pewarta.intake import services
from pewarta.intake.models import InboundMessage

# architecture.md: outcome is one of accepted, duplicate, quarantined, awaiting_confirmation.
CONTRACT_OUTCOME = {InboundMessage.Outcome.REPLY: "accepted"}


class Command(BaseCommand):
    help = "Feed raw RFC 5322 files through the intake pipeline. A bad file never stops the rest."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="one JSON line per file")

    def handle(self, *args, files, json: bool = False, **options):
        for name in files:
            result = self._one(Path(name))
            if json:
                self.stdout.write(_dumps(result))
            else:
                story = f" {result['tracking_code']}" if result["tracking_code"] else ""
                reason = f" — {result['reason']}" if result["reason"] else ""
                self.stdout.write(f"{name}: {result['outcome']}{story}{reason}")

    def _one(self, path: Path) -> dict:
        result = {"file": str(path), "outcome": None, "story": None, "tracking_code": None}
        try:
            raw = path.read_bytes()
        except OSError as error:
            result.update(outcome="quarantined", reason=f"cannot read file: {error.strerror}")
            return result
        message = services.inbound_message_store(raw=raw, channel=InboundMessage.Channel.FILE)
        message = services.inbound_message_process_safely(message=message, give_up=True)
        story = message.story
        result.update(
            outcome=CONTRACT_OUTCOME.get(message.outcome, message.outcome),
            story=story.pk if story else None,
            tracking_code=story.tracking_code if story else None,
            reason=message.reason or None,
        )
        return result


def _dumps(value):
    return json.dumps(value, ensure_ascii=False)
