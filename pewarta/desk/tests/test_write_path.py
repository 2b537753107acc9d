"""Every change to a story goes through the desk's services (one write path).

The guard itself lives in pewarta/conftest.py and watches every test of the suite; these tests
show that it catches product code outside the desk writing stories, and lets the services pass.
"""

import pytest

from pewarta.conftest import PACKAGE_DIR, story_write_origin
from pewarta.desk import services
from pewarta.desk.models import Story

pytestmark = pytest.mark.django_db


def _product_function(relative_path: str, source: str):
    """A function whose code claims to live in a product module (as the guard sees frames)."""
    namespace = {"Story": Story}
    code = compile(source, str(PACKAGE_DIR / relative_path), "exec")
    exec(code, namespace)  # noqa: S102 - our own test source
    return namespace["write"]


def test_origin_of_a_write_is_the_nearest_pewarta_frame():
    django = "/venv/lib/python3.11/site-packages/django/db/models/query.py"
    assert story_write_origin([django, str(PACKAGE_DIR / "public/services.py")]) == (
        "pewarta/public/services.py"
    )
    assert story_write_origin([django, str(PACKAGE_DIR / "desk/services/core.py")]) is None
    assert story_write_origin([str(PACKAGE_DIR / "complaints/tests/test_x.py")]) is None
    assert story_write_origin([django]) is None


def test_a_direct_update_from_another_room_is_caught(
    make_story, story_writes_go_through_desk_services
):
    story = make_story()
    write = _product_function(
        "complaints/rogue.py",
        "def write(pk):\n    Story.objects.filter(pk=pk).update(is_unverified=True)\n",
    )
    write(story.pk)
    caught = list(story_writes_go_through_desk_services)
    story_writes_go_through_desk_services.clear()  # the point of this test: not a real defect
    assert caught == ["Story rows (is_unverified) written from pewarta/complaints/rogue.py"]


def test_a_save_and_an_author_change_from_another_room_are_caught(
    make_story, writer, story_writes_go_through_desk_services
):
    story = make_story()
    write = _product_function(
        "public/rogue.py",
        "def write(story, author):\n"
        "    story.kind = 'opini'\n"
        "    story.save(update_fields=['kind'])\n"
        "    story.authors.remove(author)\n",
    )
    write(story, writer.contributor)
    caught = list(story_writes_go_through_desk_services)
    story_writes_go_through_desk_services.clear()
    assert len(caught) == 2 and all("pewarta/public/rogue.py" in line for line in caught)


def test_the_desk_services_pass_the_guard(
    make_story, editor, story_writes_go_through_desk_services
):
    story = make_story()
    services.story_update_metadata(
        story=story, actor=editor, expected_version=story.version, kind="opini"
    )
    assert story_writes_go_through_desk_services == []
    story.refresh_from_db()
    assert story.kind == "opini"
