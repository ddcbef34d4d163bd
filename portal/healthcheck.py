"""The container's health probe: ``python -m portal.healthcheck`` exits 0 when the web server's ``/healthz``
answers 200.

Standard library only and no Django, so a probe every 30 s costs no settings load. The request names the
first of ``DJANGO_ALLOWED_HOSTS``: a deployment that allows only its public name would otherwise answer the
probe's ``127.0.0.1`` with 400, and the container would be marked unhealthy while it serves.
"""

import os
import sys
import urllib.request

HEALTH_PATH = "/healthz"
# Where the image's gunicorn binds (docker/Dockerfile's CMD).
PORT = 8000
TIMEOUT_SECONDS = 4


def host_header(allowed_hosts: str) -> str:
    first = allowed_hosts.split(",")[0].strip()
    # ".example.com" allows example.com and its subdomains; "*" allows anything, which the bare name matches.
    name = first.lstrip(".")
    return name if name and name != "*" else "localhost"


def probe(*, port: int, allowed_hosts: str) -> bool:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{HEALTH_PATH}", headers={"Host": host_header(allowed_hosts)}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - fixed http URL
            return bool(response.status == 200)
    except OSError:
        return False


if __name__ == "__main__":
    healthy = probe(
        port=PORT,
        allowed_hosts=os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost"),
    )
    sys.exit(0 if healthy else 1)
