"""Every `pewarta <command>` a document names exists, spelled as the document spells it."""

import re
import subprocess
import sys
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def named_commands() -> set[str]:
    found = set()
    for document in DOCUMENTS:
        found |= set(re.findall(r"`pewarta ([a-z][a-z0-9_-]*)", document.read_text()))
    return found


def test_every_command_a_document_names_exists():
    named = named_commands()
    assert {"run", "demo", "ingest-eml", "mailserver", "fetchmail"} <= named
    assert named - set(get_commands()) == set()


def test_our_commands_are_spelled_with_hyphens():
    ours = {name for name, app in get_commands().items() if app.startswith("pewarta.")}
    assert all("_" not in name for name in ours), sorted(n for n in ours if "_" in n)


def test_the_console_command_lists_them():
    listed = subprocess.run(
        [sys.executable, "-m", "pewarta", "help", "--commands"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    assert {"ingest-eml", "search-reindex", "desk-roles", "demo", "run"} <= set(listed)
