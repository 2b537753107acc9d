"""Personal data held by rooms above accounts (comments, follows, bank details...).

Each room registers what it holds about a contributor: `export(contributor) -> data` (JSON-able)
and `erase(contributor, actor)`, run inside the erasure's transaction before the profile is
emptied. The writer's export and erasure (contributors/privacy.py) call every one.
"""

from collections.abc import Callable

_registry: dict[str, tuple[Callable, Callable]] = {}


def register(name: str, *, export: Callable, erase: Callable) -> None:
    _registry[name] = (export, erase)


def export_all(contributor) -> dict:
    return {name: export(contributor) for name, (export, _erase) in sorted(_registry.items())}


def erase_all(contributor, actor) -> None:
    for _name, (_export, erase) in sorted(_registry.items()):
        erase(contributor, actor)
