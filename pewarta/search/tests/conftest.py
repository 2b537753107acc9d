import pytest

from pewarta.desk.models import Status


@pytest.fixture
def publish(make_story, django_capture_on_commit_callbacks):
    """publish(headline, lead=, body=, **kw) -> a story published through the services, with
    the on-commit index task run (as it is after a real commit)."""

    def factory(headline, *, lead="", body="", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return make_story(
                status=Status.PUBLISHED,
                headline=headline,
                lead=lead,
                body_html=f"<p>{body or 'Isi naskah.'}</p>",
                **kwargs,
            )

    return factory
