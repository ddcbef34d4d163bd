"""The link checks' fetcher against local sites: what opens, what fails and how it is told, redirects followed
hop by hop, and no request to this machine or a private network unless the setting allows it, including after
a redirect and when DNS answers differently the second time (rebinding)."""

import socket

import pytest
import requests_hardened.ip_filter_adapter

from tendlc.services import link_fetch
from tendlc.services.link_fetch import fetch, fetch_limits
from tests.fixtures.link_pages import Page
from tests.link_pages_html import HOME

PUBLIC = "93.184.216.34"


def limits():
    return fetch_limits()


@pytest.fixture
def fake_dns(monkeypatch):
    """Resolve the names a test gives (a list of addresses per name, or one list per successive call); every
    other name resolves as usual."""
    answers: dict[str, list[list[str]]] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        calls = answers[host]
        addresses = calls.pop(0) if len(calls) > 1 else calls[0]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (address, port or 80, 0, 0) if ":" in address else (address, port or 80),
            )
            for address in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.fixture
def loopback_stands_for_the_internet(monkeypatch):
    """127.0.0.1 (the test's site) counts as a public address, every other refusal stays: what a site on the
    internet redirecting to a private address looks like, without the internet."""
    checked = link_fetch.address_refusal
    monkeypatch.setattr(
        link_fetch, "address_refusal", lambda ip: None if str(ip) == "127.0.0.1" else checked(ip)
    )
    real_filter = requests_hardened.ip_filter_adapter.filter_host

    def filter_host(hostname, port, *, allow_loopback):
        return real_filter(hostname, port, allow_loopback=hostname == "127.0.0.1")

    monkeypatch.setattr(requests_hardened.ip_filter_adapter, "filter_host", filter_host)


@pytest.mark.usefixtures("link_checks_reach_local_sites")
class TestReachingPages:
    def test_a_page_opens_with_its_body_and_one_hop(self, local_sites):
        site = local_sites()
        url = site.page("/", HOME)

        fetched = fetch(url, limits=limits())

        assert (fetched.outcome, fetched.status, fetched.final_url) == ("ok", 200, url)
        assert fetched.body == HOME.encode()
        assert [hop.to_dict() for hop in fetched.hops] == [{"url": url, "status": 200}]
        assert fetched.content_type == "text/html; charset=utf-8"

    def test_a_missing_page_says_which_answer_came(self, local_sites):
        site = local_sites()

        fetched = fetch(site.url("/privacy"), limits=limits())

        assert (fetched.outcome, fetched.status, fetched.detail) == (
            "http_error",
            404,
            "the site answered 404",
        )

    def test_a_server_error_is_unreachable_too(self, local_sites):
        site = local_sites()
        url = site.page("/terms", "oops", status=503)

        fetched = fetch(url, limits=limits())

        assert (fetched.outcome, fetched.status) == ("http_error", 503)

    def test_a_site_slower_than_the_read_timeout_times_out(self, local_sites):
        site = local_sites()
        url = site.page("/slow", HOME, delay=1.0)

        fetched = fetch(url, limits=limits())

        assert fetched.outcome == "timeout"
        assert fetched.detail == "the site did not answer within 0.3 seconds"

    @pytest.mark.parametrize("declare_length", [True, False], ids=["declared", "streamed"])
    def test_a_page_past_the_size_limit_is_stopped(self, local_sites, declare_length):
        site = local_sites()
        url = site.page("/big", "<p>" + "x" * 60_000 + "</p>", declare_length=declare_length)

        fetched = fetch(url, limits=limits())

        assert (fetched.outcome, fetched.body) == ("too_large", b"")
        assert fetched.detail == "the page is larger than 50,000 bytes"

    def test_a_page_without_a_declared_length_within_the_limit_is_read_whole(self, local_sites):
        site = local_sites()
        url = site.page("/stream", HOME, declare_length=False)

        assert fetch(url, limits=limits()).body == HOME.encode()

    def test_redirects_are_followed_hop_by_hop_to_another_site(self, local_sites):
        first, other = local_sites("localhost"), local_sites("127.0.0.1")
        final = other.page("/privacy-policy", HOME)
        first.redirect("/moved", final, status=301)
        start = first.redirect("/privacy", first.url("/moved"))

        fetched = fetch(start, limits=limits())

        assert (fetched.outcome, fetched.final_url) == ("ok", final)
        assert [hop.to_dict() for hop in fetched.hops] == [
            {"url": start, "status": 302},
            {"url": first.url("/moved"), "status": 301},
            {"url": final, "status": 200},
        ]

    def test_a_relative_redirect_stays_on_the_site(self, local_sites):
        site = local_sites()
        site.page("/new", HOME)
        start = site.redirect("/old", "/new")

        assert fetch(start, limits=limits()).final_url == site.url("/new")

    def test_more_redirects_than_allowed_stop(self, local_sites, settings):
        settings.LINK_CHECK_MAX_REDIRECTS = 2
        site = local_sites()
        start = site.redirect("/loop", "/loop")

        fetched = fetch(start, limits=limits())

        assert (fetched.outcome, fetched.detail, len(fetched.hops)) == (
            "redirects",
            "more than 2 redirects",
            3,
        )

    def test_a_chain_of_slow_redirects_stops_at_the_total_time(self, local_sites, settings):
        # Each hop answers within the read timeout (0.3 s); together they pass the total.
        settings.LINK_CHECK_TOTAL_SECONDS = 0.5
        site = local_sites()
        for step in range(4):
            site.pages[f"/hop{step}"] = Page(status=302, headers={"Location": f"/hop{step + 1}"}, delay=0.2)
        site.page("/hop4", HOME)

        fetched = fetch(site.url("/hop0"), limits=limits())

        assert (fetched.outcome, fetched.detail) == (
            "timeout",
            "the page took longer than 0.5 seconds to arrive",
        )
        assert len(fetched.hops) == 3

    def test_a_name_that_does_not_resolve_is_told_apart(self, fake_dns):
        fake_dns["acme-dental.invalid"] = [[]]

        fetched = fetch("https://acme-dental.invalid/privacy", limits=limits())

        assert fetched.outcome == "dns"
        assert fetched.detail == "the site name acme-dental.invalid does not exist (DNS)"

    def test_nothing_listening_is_no_connection(self, local_sites):
        site = local_sites()
        url = site.url("/")
        # The port is free once its site stops.
        closed = url.replace(str(site.port), str(_free_port()))

        assert fetch(closed, limits=limits()).outcome == "connection"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TestRefusals:
    """LINK_CHECK_ALLOW_PRIVATE_ADDRESSES is off (the default): these are refused before any request."""

    @pytest.mark.parametrize(
        ("url", "why"),
        [
            (
                "http://127.0.0.1:{port}/",
                "127.0.0.1 was not opened: it is this machine's own (loopback) address",
            ),
            (
                "http://localhost:{port}/",
                "localhost was not opened: it is this machine's own (loopback) address",
            ),
            ("http://[::1]:{port}/", "::1 was not opened: it is this machine's own (loopback) address"),
            ("http://10.1.2.3/", "10.1.2.3 was not opened: it is a private or reserved network address"),
            (
                "http://192.168.0.10/",
                "192.168.0.10 was not opened: it is a private or reserved network address",
            ),
            (
                "http://169.254.169.254/latest/meta-data/",
                "169.254.169.254 was not opened: it is a link-local address",
            ),
            ("http://0.0.0.0:{port}/", "0.0.0.0 was not opened: it is a private or reserved network address"),
            ("http://224.0.0.1/", "224.0.0.1 was not opened: it is a multicast address"),
            ("http://100.64.0.1/", "100.64.0.1 was not opened: it is not a public internet address"),
            (
                "http://[::ffff:127.0.0.1]:{port}/",
                "::ffff:127.0.0.1 was not opened: it is this machine's own (loopback) address",
            ),
            ("ftp://example.com/privacy", "only web addresses (http or https) are opened"),
            ("file:///etc/passwd", "only web addresses (http or https) are opened"),
            ("https://user:secret@example.com/", "the address carries a user name or password"),
        ],
    )
    def test_private_addresses_and_other_schemes_are_refused_unopened(self, local_sites, url, why):
        site = local_sites()
        site.page("/", HOME)

        fetched = fetch(url.format(port=site.port), limits=limits())

        assert (fetched.outcome, fetched.detail, fetched.hops) == ("refused", why, ())
        assert site.requested == []

    def test_a_name_with_any_private_address_is_refused(self, fake_dns):
        fake_dns["mixed.example"] = [[PUBLIC, "10.0.0.7"]]

        fetched = fetch("https://mixed.example/", limits=limits())

        assert (fetched.outcome, fetched.detail) == (
            "refused",
            "mixed.example was not opened: it is a private or reserved network address",
        )

    @pytest.mark.usefixtures("loopback_stands_for_the_internet")
    @pytest.mark.parametrize(
        "target",
        ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin", "http://localhost:{port}/"],
    )
    def test_a_redirect_to_a_private_address_is_refused_at_that_hop(self, local_sites, target):
        site = local_sites()
        site.page("/", HOME)
        start = site.redirect("/privacy", target.format(port=site.port))

        fetched = fetch(start, limits=limits())

        assert fetched.outcome == "refused"
        assert [hop.to_dict() for hop in fetched.hops] == [{"url": start, "status": 302}]
        assert site.requested == ["/privacy"]

    @pytest.mark.usefixtures("loopback_stands_for_the_internet")
    def test_the_connection_goes_to_the_address_checked_so_rebinding_cannot_switch_it(
        self, local_sites, fake_dns
    ):
        # Checked once as public; asked again at connection time, DNS answers this machine's address.
        site = local_sites()
        site.page("/", HOME)
        fake_dns["rebind.example"] = [[PUBLIC], ["127.0.0.2"]]

        fetched = fetch(f"http://rebind.example:{site.port}/", limits=limits())

        assert fetched.outcome == "refused"
        assert site.requested == []

    def test_the_environment_s_proxy_is_not_used(self, monkeypatch, local_sites, settings):
        settings.LINK_CHECK_ALLOW_PRIVATE_ADDRESSES = True
        monkeypatch.setenv("HTTP_PROXY", "http://10.9.9.9:3128")
        site = local_sites()
        url = site.page("/", HOME)

        assert fetch(url, limits=limits()).outcome == "ok"
