"""Real Scrapyd nodes for tests: each on a free loopback port with its own folder, the
project deployed to them as the egg `scrapyd-deploy` would upload."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import PROJECT_ROOT, free_port

PROJECT = "lan_crawler"


def api(
    base: str,
    path: str,
    data: dict[str, Any] | None = None,
    body: bytes | None = None,
    content_type: str | None = None,
) -> dict[str, Any]:
    payload = (
        body
        if body is not None
        else (urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None)
    )
    request = urllib.request.Request(base + path, data=payload)
    if content_type:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, Any] = json.loads(response.read())
    return answer


def build_egg(folder: Path) -> Path:
    """The project as a Python egg, as `scrapyd-deploy` would upload it."""
    out = folder / "build"
    out.mkdir()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from setuptools import setup; setup()",
            "egg_info",
            "--egg-base",
            str(out),
            "build",
            "--build-base",
            str(out / "build"),
            "bdist_egg",
            "--dist-dir",
            str(out / "dist"),
            "--bdist-dir",
            str(out / "bdist"),
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    return next((out / "dist").glob("*.egg"))


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content) in files.items():
        disposition = f'form-data; name="{name}"; filename="{filename}"'
        parts.append(
            f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class ScrapydNode:
    """A `scrapyd` process on a free port, with its eggs, logs and databases in `home`.
    Started at once; `ready()` waits until it answers."""

    def __init__(self, home: Path) -> None:
        self.home = home
        home.mkdir(parents=True)
        port = free_port()
        (home / "scrapyd.conf").write_text(
            f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\n"
            f"eggs_dir = {home}/eggs\nlogs_dir = {home}/logs\ndbs_dir = {home}/dbs\n"
            "poll_interval = 0.2\n"
        )
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "scrapyd")],
            cwd=home,
            stdout=(home / "scrapyd.out").open("w"),
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{port}/"

    @property
    def output(self) -> str:
        return (self.home / "scrapyd.out").read_text()

    def ready(self) -> ScrapydNode:
        deadline = time.monotonic() + 30
        while True:
            try:
                api(self.base, "daemonstatus.json")
                return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(self.output) from None
                time.sleep(0.2)

    def deploy(self, egg: Path, version: str = "1") -> None:
        body, content_type = multipart(
            {"project": PROJECT, "version": version}, {"egg": (egg.name, egg.read_bytes())}
        )
        added = api(self.base, "addversion.json", body=body, content_type=content_type)
        assert added["status"] == "ok" and added["spiders"] == 1, added

    def jobs(self) -> dict[str, Any]:
        return api(self.base, f"listjobs.json?project={PROJECT}")

    def wait_finished(self, job: str) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if any(j["id"] == job for j in self.jobs()["finished"]):
                return
            time.sleep(0.3)
        raise TimeoutError(f"job {job} did not finish")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@contextmanager
def scrapyd_nodes(folder: Path, count: int) -> Iterator[list[ScrapydNode]]:
    """`count` Scrapyd nodes in `folder` (node-1, node-2, ...), started side by side."""
    with ExitStack() as stack:
        nodes = []
        for number in range(1, count + 1):
            node = ScrapydNode(folder / f"node-{number}")
            stack.callback(node.stop)
            nodes.append(node)
        yield [node.ready() for node in nodes]
