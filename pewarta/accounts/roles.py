"""Staff roles. A role is a Django group; services ask `has_role`, never views alone.

Roles nest: an admin is also a senior editor, a senior editor is also an editor.
"""

from django.contrib.auth.models import Group

EDITOR = "editor"
SENIOR_EDITOR = "senior_editor"
ADMIN = "admin"
FINANCE = "finance"  # honoraria: rates, corrections, payment export, bank details in clear
CONTRIBUTOR = "contributor"
SYSTEM = "system"

STAFF_ROLES = (EDITOR, SENIOR_EDITOR, ADMIN)  # the editorial roles
_IMPLIED = {
    ADMIN: {ADMIN, SENIOR_EDITOR, EDITOR, FINANCE},
    FINANCE: {FINANCE},
    SENIOR_EDITOR: {SENIOR_EDITOR, EDITOR},
    EDITOR: {EDITOR},
}


def roles_of(user) -> set[str]:
    """Every staff role the user holds, including the ones implied by a higher role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(_IMPLIED[ADMIN])
    cached = getattr(user, "_pewarta_roles", None)
    if cached is None:
        names = set(user.groups.filter(name__in=_IMPLIED).values_list("name", flat=True))
        cached = set().union(*(_IMPLIED[name] for name in names)) if names else set()
        user._pewarta_roles = cached
    return set(cached)


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def grant_role(user, role: str) -> None:
    group, _ = Group.objects.get_or_create(name=role)
    ensure_role_permissions(group)
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_pewarta_roles", None)


# Model permissions each role's group gets, so staff can also work in the Django admin.
_ROLE_MODELS = {
    EDITOR: {
        "desk": ["story", "revision", "message", "tag", "section"],
        "audit": ["event"],
        "intake": ["inboundmessage"],
        "accounts": ["contributor", "organization"],
    },
}


def ensure_role_permissions(group: Group) -> None:
    from django.contrib.auth.models import Permission

    codes = []
    for app_label, models in _ROLE_MODELS[EDITOR].items():
        for model in models:
            codes += [(app_label, f"view_{model}"), (app_label, f"change_{model}")]
            if model in ("tag",):
                codes.append((app_label, f"add_{model}"))
    perms = [
        p
        for p in Permission.objects.filter(content_type__app_label__in=_ROLE_MODELS[EDITOR])
        if (p.content_type.app_label, p.codename) in codes
    ]
    group.permissions.add(*perms)
