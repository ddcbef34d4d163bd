"""Every answer carries the portal's security headers: the Content-Security-Policy (no inline script or style,
nothing from elsewhere, no framing), nosniff, a same-origin referrer and DENY framing; the admin, the API docs,
the API and the health check alike."""

import pytest

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def directives(header: str) -> dict[str, list[str]]:
    """The policy's directives: django-csp writes them in no fixed order."""
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


@pytest.mark.parametrize("address", ["/admin/login/", "/admin/", "/api/docs/", "/api/v1/brands/", "/healthz"])
def test_every_answer_carries_the_security_headers(staff_client, address):
    response = staff_client.get(address)

    assert response.status_code in {200, 302, 401}
    assert directives(response.headers["Content-Security-Policy"]) == POLICY
    assert {
        name: response.headers.get(name)
        for name in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")
    } == {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
