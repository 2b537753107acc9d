"""`pewarta desk-roles`: create the staff groups with their permissions (idempotent)."""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from pewarta.accounts.roles import FINANCE, STAFF_ROLES, ensure_role_permissions


class Command(BaseCommand):
    help = "Buat grup editor, senior_editor, admin, dan finance beserta izinnya."

    def handle(self, *args, **options):
        for role in (*STAFF_ROLES, FINANCE):
            group, created = Group.objects.get_or_create(name=role)
            if role in STAFF_ROLES:  # finance works in its own desk pages, not in the admin
                ensure_role_permissions(group)
            state = "dibuat" if created else "diperbarui"
            self.stdout.write(f"{role}: {state} ({group.permissions.count()} izin)")
