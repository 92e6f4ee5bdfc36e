"""Real HTTP servers for the sample sites, on loopback addresses, in background threads.

`running()` serves one site on 127.0.0.1; `running_family()` serves the family's
sites at once, each on its own address (Linux routes all of 127/8 to lo), so each
has its own host, as lan.go.id and stialan.ac.id do.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lan_crawler.sample_site.identity import FAMILY, LAN, SiteIdentity
from lan_crawler.sample_site.posts import Post
from lan_crawler.sample_site.site import Faults, SampleSite, Setup


@dataclass
class RequestLog:
    """Every request the server answered: (path and query, status, User-Agent)."""

    entries: list[tuple[str, int, str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # time.monotonic() of each entry
    in_flight: int = 0  # requests being answered now
    most_in_flight: int = 0  # the most answered at once
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def started(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)

    def ended(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def add(self, target: str, status: int, agent: str) -> None:
        with self._lock:
            self.entries.append((target, status, agent))
            self.times.append(time.monotonic())

    def targets(self) -> list[str]:
        with self._lock:
            return [target for target, _, _ in self.entries]

    def count(self, target: str) -> int:
        return self.targets().count(target)

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()
            self.times.clear()


class SampleServer:
    """Serves a `SampleSite` until `stop()`; use `running()` for a with-block."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        make_site: Callable[[str], SampleSite] | None = None,
    ) -> None:
        self.log = RequestLog()
        self._httpd = ThreadingHTTPServer((host, port), _handler_class(self))
        self._httpd.daemon_threads = True
        bound_host, bound_port = self._httpd.server_address[:2]
        self.base_url = f"http://{bound_host!s}:{bound_port}/"
        self.site = (make_site or (lambda url: SampleSite(url)))(self.base_url)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def start(self) -> SampleServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@contextmanager
def running(
    faults: Faults | None = None,
    *,
    port: int = 0,
    sitemap_page_size: int | None = None,
    template: str | None = None,
    setup: Setup | None = None,
    posts: tuple[Post, ...] | None = None,
    identity: SiteIdentity = LAN,
) -> Iterator[SampleServer]:
    """Serve a bundled sample site (lan.go.id's unless `identity` says) with the given
    faults for the duration of a with-block; template and setup default to the site's."""
    server = SampleServer(
        host=identity.loopback,
        port=port,
        make_site=lambda url: SampleSite(
            url, faults, posts, sitemap_page_size, template, setup, identity
        ),
    ).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def running_family(
    hosts: Iterable[str] | None = None,
    *,
    port: int = 0,
    faults: Mapping[str, Faults] | None = None,
) -> Iterator[dict[str, SampleServer]]:
    """Serve the family's sites (all, or those of `hosts`: "lan.go.id", ...) at once, each
    on its own loopback address with its own theme, setup and posts; yields the running
    servers by host. `port` 0 gives each a free port; `faults` are per host (none else)."""
    chosen = list(FAMILY) if hosts is None else list(hosts)
    unknown = [host for host in chosen if host not in FAMILY]
    if unknown:
        raise ValueError(f"unknown sites {', '.join(unknown)}; known: {', '.join(FAMILY)}")
    with ExitStack() as stack:
        servers = {
            host: stack.enter_context(
                running((faults or {}).get(host), port=port, identity=FAMILY[host])
            )
            for host in chosen
        }
        yield servers


def _handler_class(server: SampleServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "Apache"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            server.log.started()
            try:
                self.answer()
            finally:
                server.log.ended()

        def answer(self) -> None:
            answer = server.site.respond(self.path)
            # logged before answering, so a client that has its answer finds it in the log
            server.log.add(self.path, answer.status, self.headers.get("User-Agent", ""))
            if answer.drop:
                self.close_connection = True
                return
            delay = answer.delay + server.site.faults.slow_server
            if delay:
                time.sleep(delay)
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the RequestLog keeps what tests need; stderr stays quiet

    return Handler
