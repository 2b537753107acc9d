import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pewarta.accounts.models import Contributor, IdentityCheck, Organization
from pewarta.accounts.services import identity_decide
from pewarta.audit.models import Event
from pewarta.common.errors import NotPermitted
from pewarta.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def _upload(member_client):
    photo = SimpleUploadedFile("ktp.png", jpeg_bytes(), content_type="image/png")
    member_client.post(reverse("contributors:identity"), {"image": photo})
    return IdentityCheck.objects.get()


def test_editor_approves_identity_image_is_deleted_event_stays(
    member_client, member, editor, settings, django_capture_on_commit_callbacks
):
    client = Client()
    check = _upload(member_client)
    path = settings.PEWARTA_PRIVATE_ROOT / check.image.name
    assert path.exists()
    assert not str(path).startswith(str(settings.MEDIA_ROOT))  # never under public media
    client.force_login(editor)
    assert client.get(reverse("contributors:identity_image", args=[check.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("contributors:identity_decide", args=[check.pk]), {"decision": "approve"}
        )
    check.refresh_from_db()
    assert check.state == "approved" and not check.image and not path.exists()
    contributor = Contributor.objects.get(user=member)
    assert contributor.is_identity_verified
    event = Event.objects.get(action="contributor.identity_approved")
    assert event.subject == contributor and event.actor == editor
    assert "Akun Terverifikasi" in mail.outbox[-1].body
    assert (
        "Akun Terverifikasi"
        in member_client.get(reverse("contributors:dashboard")).content.decode()
    )


def test_decline_needs_a_reason_and_deletes_the_image(member_client, member, editor, settings):
    check = _upload(member_client)
    path = settings.PEWARTA_PRIVATE_ROOT / check.image.name
    identity_decide(check=check, actor=editor, approve=False, note="Foto buram.")
    assert not path.exists()
    assert not Contributor.objects.get(user=member).is_identity_verified
    assert Event.objects.filter(action="contributor.identity_declined").exists()


def test_contributor_cannot_decide(member_client, member):
    check = _upload(member_client)
    with pytest.raises(NotPermitted):
        identity_decide(check=check, actor=member, approve=True)


def test_identity_upload_must_be_an_image(member_client):
    fake = SimpleUploadedFile("ktp.jpg", b"%PDF-1.4 bukan gambar", content_type="image/jpeg")
    response = member_client.post(reverse("contributors:identity"), {"image": fake}, follow=True)
    assert "bukan gambar" in response.content.decode()
    assert not IdentityCheck.objects.exists()


def test_organization_admin_invites_a_colleague(
    member_client, member, other_member, django_capture_on_commit_callbacks
):
    client = Client()
    org = Organization.objects.create(name="Humas Kota Bandung", slug="humas-bandung")
    Contributor.objects.filter(user=member).update(organization=org, is_organization_admin=True)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("contributors:organization"), {"email": "bima@example.id"})
    invite_mail = mail.outbox[-1]
    assert invite_mail.to == ["bima@example.id"] and "Humas Kota Bandung" in invite_mail.body
    path = re.search(r"/akun/organisasi/gabung/\S+", invite_mail.body).group(0)
    # the invite is only for the invited address
    member_client.post(path)
    client.force_login(other_member)
    client.post(path)
    assert Contributor.objects.get(user=other_member).organization == org
    assert client.post(path, follow=True).status_code == 200  # used: refused politely
    assert org.members.count() == 2


def test_non_admin_cannot_invite(member_client, member):
    org = Organization.objects.create(name="Humas", slug="humas")
    Contributor.objects.filter(user=member).update(organization=org)
    response = member_client.post(
        reverse("contributors:organization"), {"email": "x@example.id"}, follow=True
    )
    assert "Hanya admin organisasi" in response.content.decode()
    assert not org.invites.exists()


def test_organization_admin_removes_a_colleague_but_only_their_own(
    member_client, member, other_member
):
    org = Organization.objects.create(name="Humas Kota Bandung", slug="humas-bandung")
    elsewhere = Organization.objects.create(name="Humas Lain", slug="humas-lain")
    Contributor.objects.filter(user=member).update(organization=org, is_organization_admin=True)
    colleague = Contributor.objects.get(user=other_member)
    outsider = Contributor.objects.create(pen_name="Orang Luar", organization=elsewhere)
    assert (
        member_client.post(reverse("contributors:org_remove", args=[outsider.pk])).status_code
        == 404
    )
    colleague.organization = org
    colleague.save(update_fields=["organization"])
    member_client.post(reverse("contributors:org_remove", args=[colleague.pk]))
    colleague.refresh_from_db()
    outsider.refresh_from_db()
    assert colleague.organization is None and outsider.organization == elsewhere


def test_member_who_is_not_admin_cannot_remove(member_client, member, other_member):
    org = Organization.objects.create(name="Humas", slug="humas")
    Contributor.objects.filter(user__in=[member, other_member]).update(organization=org)
    colleague = Contributor.objects.get(user=other_member)
    member_client.post(reverse("contributors:org_remove", args=[colleague.pk]))
    colleague.refresh_from_db()
    assert colleague.organization == org
