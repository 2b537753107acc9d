"""The one staff gate: every staff URL refuses strangers, writers, and (in production) staff
without their second factor; the Django admin goes through the same gate; logins are
throttled per account across addresses."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from pewarta.conftest import make_user

pytestmark = pytest.mark.django_db

# Where staff pages live. A new staff page goes under one of these (or is added here).
STAFF_PREFIXES = ("desk/", "admin/", "akun/verifikasi/tinjau", "akun/pdp/", "halaman/")
_CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
_VALUES = {"int": "1", "str": "x", "slug": "x", "path": "x", None: "x"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _concrete(route: str) -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None  # a regular expression (the admin's own): covered by _admin_urls
    return "/" + _CONVERTER.sub(lambda m: _VALUES.get(m.group("kind"), "x"), route)


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse("admin:app_list", args=[meta.app_label]))
        for view, args in (("changelist", []), ("add", []), ("change", [1]), ("delete", [1])):
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args))
    return urls


def staff_urls() -> list[str]:
    urls = set(_admin_urls())
    for route, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith(STAFF_PREFIXES):
            continue
        url = _concrete(route)
        if url is None:
            assert route.startswith("admin/"), f"cannot build a URL for {route}"
            continue
        if resolve(url).func is pattern.callback:
            urls.add(url)
    urls.discard(reverse("admin:logout"))  # logging out needs no gate
    return sorted(urls)


def test_the_walk_finds_the_staff_pages():
    urls = staff_urls()
    for expected in ("/desk/", "/desk/karantina/1/mentah", "/desk/pengaduan/1/berkas/x",
                     "/akun/verifikasi/tinjau/1/gambar", "/akun/pdp/", "/halaman/x/ubah",
                     "/admin/"):  # fmt: skip
        assert expected in urls
    assert len(urls) > 60


def _refused(response, *, login: bool = False, mfa: bool = False) -> bool:
    if response.status_code in (403, 405):
        return True
    if response.status_code != 302:
        return False
    location = response["Location"]
    allowed = []
    if login:  # the admin's login page sends on to the site's (tested below)
        allowed += [reverse("account_login"), reverse("admin:login")]
    if mfa:
        allowed += [reverse("mfa_activate_totp"), reverse("mfa_reauthenticate")]
    return any(location.startswith(target) for target in allowed)


def _each(client, check):
    failures = []
    for url in staff_urls():
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if not check(response):
                failures.append(f"{method.upper()} {url} -> {response.status_code} "
                                f"{response.get('Location', '')}")  # fmt: skip
    assert not failures, "\n".join(failures)


def test_strangers_are_sent_to_the_login_on_every_staff_url(client):
    _each(client, lambda r: _refused(r, login=True))


def test_writers_are_refused_on_every_staff_url(client, writer):
    client.force_login(writer)
    _each(client, _refused)


@override_settings(PRODUCTION=True)
def test_staff_without_second_factor_are_refused_on_every_staff_url_in_production(client):
    boss = make_user("kepala", is_staff=True, is_superuser=True)
    client.force_login(boss)  # a phished password, no TOTP
    _each(client, lambda r: _refused(r, mfa=True))
    Authenticator.objects.create(user=boss, type=Authenticator.Type.TOTP, data={})
    _each(client, lambda r: _refused(r, mfa=True))  # TOTP set up, but not used to log in


@override_settings(PRODUCTION=True)
def test_staff_with_second_factor_pass_the_gate_desk_and_admin_alike(client):
    boss = make_user("kepala", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=boss, type=Authenticator.Type.TOTP, data={})
    client.force_login(boss)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": 0, "type": "totp"}]
    session["account_authentication_methods_user"] = str(boss.pk)
    session.save()
    assert client.get("/desk/").status_code == 200
    assert client.get("/admin/").status_code == 200
    failures = []
    for url in _admin_urls():  # past the gate, no admin page breaks on an empty form
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status >= 500:
                failures.append(f"{method.upper()} {url} -> {status}")
    assert not failures, "\n".join(failures)


def test_admin_login_is_the_sites_login_never_its_own_password_form(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.post("/admin/login/", {"username": "kepala", "password": "x"})
    assert response.status_code in (302, 403)
    assert "_auth_user_id" not in client.session


def test_admin_refuses_a_staff_flag_without_a_staff_role(client):
    clerk = make_user("juru", is_staff=True)  # Django's flag alone is not a role
    client.force_login(clerk)
    assert client.get("/admin/").status_code in (302, 403)
    response = client.get("/admin/")
    assert response.status_code == 403 or not response["Location"].startswith("/admin/")


# --- login throttling ------------------------------------------------------------------------


def test_guesses_at_one_account_from_many_addresses_lock_that_account(client, settings, writer):
    settings.ACCOUNT_RATE_LIMITS = False  # allauth's own 5-minute limit aside: axes' lockout
    EmailAddress.objects.create(user=writer, email=writer.email, verified=True, primary=True)
    login = reverse("account_login")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"login": writer.email, "password": f"tebakan-{n}"},
                    REMOTE_ADDR=f"198.51.100.{n + 1}")  # fmt: skip
    response = client.post(login, {"login": writer.email, "password": "kata-sandi-uji-123"},
                           REMOTE_ADDR="203.0.113.77")  # fmt: skip
    assert "_auth_user_id" not in client.session
    assert response.status_code == 429  # axes' lockout page


def test_the_right_password_still_works_from_a_fresh_address_after_few_guesses(
    client, settings, writer
):
    settings.ACCOUNT_RATE_LIMITS = False
    EmailAddress.objects.create(user=writer, email=writer.email, verified=True, primary=True)
    login = reverse("account_login")
    client.post(login, {"login": writer.email, "password": "tebakan"}, REMOTE_ADDR="198.51.100.1")
    client.post(login, {"login": writer.email, "password": "kata-sandi-uji-123"},
                REMOTE_ADDR="203.0.113.77")  # fmt: skip
    assert client.session.get("_auth_user_id") == str(writer.pk)
