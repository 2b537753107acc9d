"""The sign-in page is the site's own page, in one language, and greets people by name."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from pewarta.accounts.adapter import user_display

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_looks_like_the_rest_of_the_site():
    html = Client(HTTP_ACCEPT_LANGUAGE="id").get(reverse("account_login")).content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert 'href="/redaksi"' in html and 'href="/pedoman-media-siber"' in html
    assert "<h1>Masuk</h1>" in html and 'class="akun-form"' in html
    assert '<label for="id_password">Kata sandi:</label>' in html
    assert '<label for="id_login">Alamat email:</label>' in html
    assert "Password" not in html and "Sign In" not in html and "Sandi:" not in html


def test_signing_in_greets_the_person_by_name_not_username(editor):
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    response = client.post(
        reverse("account_login"), {"login": editor.email, "password": "kata-sandi-uji-123"}
    )
    assert response.status_code == 302
    greeting = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Eka Editor" in greeting and "editor" not in greeting.replace("Eka Editor", "")


def test_a_writer_is_named_by_pen_name_and_nobody_by_username(writer, member, django_user_model):
    assert user_display(writer) == "Penulis Uji"
    assert user_display(member) == "Ayu Lestari"
    bare = django_user_model.objects.create_user(username="u8f3k2", email="dewi@example.id")
    assert user_display(bare) == "dewi"
