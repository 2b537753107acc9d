from django.db import models
from django.utils import timezone


class QueuedTask(models.Model):
    """A background task queued while Redis was unreachable; a consumer moves it to Redis."""

    name = models.CharField(max_length=200)
    data = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name} ({self.created_at:%Y-%m-%d %H:%M:%S})"
