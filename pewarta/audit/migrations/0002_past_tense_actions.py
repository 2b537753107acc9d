from django.db import migrations

RENAMES = {
    "story.confirm_sender": "story.sender_confirmed",
    "story.review": "story.review_started",
    "story.request_changes": "story.changes_requested",
    "story.resubmit": "story.resubmitted",
    "story.approve": "story.approved",
    "story.reopen": "story.reopened",
    "story.reject": "story.rejected",
    "story.schedule": "story.scheduled",
    "story.unschedule": "story.unscheduled",
    "story.publish": "story.published",
    "story.update": "story.updated",
    "story.unpublish": "story.unpublished",
    "story.retract": "story.retracted",
    "story.withdraw": "story.withdrawn",
    "intake.duplicate": "intake.duplicate_detected",
    "intake.awaiting_confirmation": "intake.confirmation_requested",
    "intake.reply": "intake.reply_threaded",
}


def forward(apps, schema_editor):
    Event = apps.get_model("audit", "Event")
    for old, new in RENAMES.items():
        Event.objects.filter(action=old).update(action=new)


def backward(apps, schema_editor):
    Event = apps.get_model("audit", "Event")
    for old, new in RENAMES.items():
        Event.objects.filter(action=new).update(action=old)


class Migration(migrations.Migration):
    """Audit action names in one tense (`story.published`, like `story.created`)."""

    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
