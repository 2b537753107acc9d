import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_docs_page_works_from_our_own_files_under_a_strict_csp(live_server, page):
    outside, blocked = [], []
    page.on(
        "request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url)
    )
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    response = page.goto(live_server.url + "/api/v1/docs")
    policy = response.headers["content-security-policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Pewarta API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector('.opblock-summary-path[data-path="/api/v1/pieces"]')
    assert outside == [] and blocked == []
