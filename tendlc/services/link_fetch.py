"""Fetching a page a campaign links to, without letting a typed URL reach the portal's own network.

This module owns the decision of what the link checks may open and how far they read:

| what                          | decision                                                                    |
| ----------------------------- | --------------------------------------------------------------------------- |
| scheme                        | http and https only; anything else is refused unopened                      |
| address                       | every address the host resolves to must be public (not private, loopback,  |
|                               | link-local, multicast, reserved, unspecified, shared or a translation       |
|                               | range); the connection then goes to the address that was checked           |
|                               | (requests-hardened: Host header and SNI kept), so DNS cannot switch it      |
| redirects                     | followed here, one hop at a time, each hop recorded and its host checked    |
|                               | like the first; at most ``max_redirects``                                   |
| time                          | connect and read timeouts, and a total for the whole page                   |
| size                          | the body is streamed and reading stops past ``max_bytes``                   |
| proxies, netrc, cookies       | none from the environment: a check is the same request wherever it runs     |

``allow_private`` lifts the address rule, for tests that serve pages on this machine only.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import EXTRA_BLOCKED_NET_RANGES, InvalidIPAddress

# What a fetch came to; the page's own problems (a login wall, a missing clause) are read from an OK page.
OK: Final = "ok"
REFUSED: Final = "refused"  # not a URL the check opens: its scheme or its address
NOT_FOUND: Final = "dns"  # the host does not resolve
NO_CONNECTION: Final = "connection"
TIMEOUT: Final = "timeout"
TOO_LARGE: Final = "too_large"
HTTP_ERROR: Final = "http_error"  # 4xx or 5xx
TOO_MANY_REDIRECTS: Final = "redirects"

REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
USER_AGENT: Final = "10DLC-compliance-portal link check (like a carrier reviewer's browser)"
CHUNK: Final = 16_384


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float
    read_timeout: float
    total_seconds: float
    max_bytes: int
    max_redirects: int
    allow_private: bool


def fetch_limits() -> FetchLimits:
    """The limits the settings give (``LINK_CHECK_*``)."""
    return FetchLimits(
        connect_timeout=settings.LINK_CHECK_CONNECT_TIMEOUT,
        read_timeout=settings.LINK_CHECK_READ_TIMEOUT,
        total_seconds=settings.LINK_CHECK_TOTAL_SECONDS,
        max_bytes=settings.LINK_CHECK_MAX_BYTES,
        max_redirects=settings.LINK_CHECK_MAX_REDIRECTS,
        allow_private=settings.LINK_CHECK_ALLOW_PRIVATE_ADDRESSES,
    )


@dataclass(frozen=True)
class Hop:
    """One request of a fetch: the URL asked for and the status it answered (None: no answer)."""

    url: str
    status: int | None

    def to_dict(self) -> dict[str, object]:
        return {"url": self.url, "status": self.status}


@dataclass(frozen=True)
class Fetched:
    url: str
    outcome: str
    hops: tuple[Hop, ...] = ()
    status: int | None = None
    body: bytes = b""
    content_type: str = ""
    # Why it failed, in plain words ("the site did not answer within 10 seconds").
    detail: str = ""
    final_url: str = field(default="")

    @property
    def ok(self) -> bool:
        return self.outcome == OK


class Refused(Exception):
    """The check does not open this URL; the message says why in plain words."""


def address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why the check does not connect to ``ip``, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "it is this machine's own (loopback) address"
    if ip.is_link_local:
        return "it is a link-local address"
    if ip.is_private or ip.is_unspecified or ip.is_reserved:
        return "it is a private or reserved network address"
    if ip.is_multicast:
        return "it is a multicast address"
    if not ip.is_global or any(ip in network for network in EXTRA_BLOCKED_NET_RANGES):
        return "it is not a public internet address"
    return None


def host_check(url: str, *, allow_private: bool) -> None:
    """Refuse ``url`` unless it is http(s) and every address of its host is public; a host that does not
    resolve raises ``socket.gaierror``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused("only web addresses (http or https) are opened")
    host = parts.hostname
    if not host:
        raise Refused("the address has no site name")
    if parts.username is not None or parts.password is not None:
        raise Refused("the address carries a user name or password")
    if allow_private:
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for *_, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        why = address_refusal(ipaddress.ip_address(str(address[0]).split("%", 1)[0]))
        if why is not None:
            raise Refused(f"{host} was not opened: {why}")


def _session(limits: FetchLimits) -> HTTPSession:
    session = HTTPSession(
        Config(
            ip_filter_enable=not limits.allow_private,
            ip_filter_allow_loopback_ips=False,
            never_redirect=True,
            default_timeout=(limits.connect_timeout, limits.read_timeout),
            user_agent_override=USER_AGENT,
        )
    )
    # No proxy, netrc or CA bundle from the environment: a proxy would connect for us, past the address check.
    session.trust_env = False
    return session


def _seconds(value: float) -> str:
    return f"{value:g} second{'s' if value != 1 else ''}"


def fetch(url: str, *, limits: FetchLimits) -> Fetched:
    """Open ``url`` as a reviewer's browser would, following redirects by hand, within ``limits``."""
    hops: list[Hop] = []
    current = url
    deadline = time.monotonic() + limits.total_seconds

    def failed(outcome: str, detail: str, status: int | None = None) -> Fetched:
        return Fetched(
            url=url, outcome=outcome, hops=tuple(hops), status=status, detail=detail, final_url=current
        )

    with _session(limits) as session:
        for _ in range(limits.max_redirects + 1):
            # Each hop may wait its own timeouts: the total bounds a chain of slow redirects too.
            if time.monotonic() > deadline:
                return failed(
                    TIMEOUT, f"the page took longer than {_seconds(limits.total_seconds)} to arrive"
                )
            try:
                host_check(current, allow_private=limits.allow_private)
                with session.get(
                    current, stream=True, allow_redirects=False, headers={"Accept": "text/html,*/*;q=0.5"}
                ) as response:
                    hops.append(Hop(current, response.status_code))
                    location = response.headers.get("Location")
                    if response.status_code in REDIRECT_STATUSES and location:
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        return failed(
                            HTTP_ERROR, f"the site answered {response.status_code}", response.status_code
                        )
                    body = _body(response, limits, deadline)
                    return Fetched(
                        url=url,
                        outcome=OK,
                        hops=tuple(hops),
                        status=response.status_code,
                        body=body,
                        content_type=response.headers.get("Content-Type", ""),
                        final_url=current,
                    )
            except Refused as refusal:
                return failed(REFUSED, str(refusal))
            except InvalidIPAddress:
                return failed(
                    REFUSED, f"{urlsplit(current).hostname} resolves to an address that is not public"
                )
            except socket.gaierror:
                return failed(NOT_FOUND, f"the site name {urlsplit(current).hostname} does not exist (DNS)")
            except _TooLarge:
                return failed(TOO_LARGE, f"the page is larger than {limits.max_bytes:,} bytes")
            except _TooSlow:
                return failed(
                    TIMEOUT, f"the page took longer than {_seconds(limits.total_seconds)} to arrive"
                )
            except requests.ConnectTimeout:
                return failed(
                    TIMEOUT, f"the site did not take the connection within {_seconds(limits.connect_timeout)}"
                )
            except requests.ReadTimeout:
                return failed(TIMEOUT, f"the site did not answer within {_seconds(limits.read_timeout)}")
            except requests.ConnectionError as error:
                # requests reports a read that timed out while streaming the body as a connection error.
                if "timed out" in str(error).lower():
                    return failed(TIMEOUT, f"the site stopped sending within {_seconds(limits.read_timeout)}")
                if "resolve" in str(error).lower() or isinstance(error.__cause__, socket.gaierror):
                    return failed(
                        NOT_FOUND, f"the site name {urlsplit(current).hostname} does not exist (DNS)"
                    )
                return failed(NO_CONNECTION, "the site refused or dropped the connection")
            except requests.RequestException:
                return failed(NO_CONNECTION, "the address could not be opened")
    return failed(TOO_MANY_REDIRECTS, f"more than {limits.max_redirects} redirects")


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


def _body(response: requests.Response, limits: FetchLimits, deadline: float) -> bytes:
    """The page, read in chunks until ``max_bytes`` (then _TooLarge) or the deadline (then _TooSlow)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise _TooLarge
    received = bytearray()
    for chunk in response.iter_content(CHUNK):
        received.extend(chunk)
        if len(received) > limits.max_bytes:
            raise _TooLarge
        if time.monotonic() > deadline:
            raise _TooSlow
    return bytes(received)
