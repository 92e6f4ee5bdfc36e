"""Raw capture: every request and response of a run in one gzipped WARC file (warcio).

Each record is its own gzip member, so a run killed mid-write leaves a file
whose complete records all read back; `read_responses` stops at a torn tail.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from lan_crawler.record import Raw

logger = logging.getLogger(__name__)

Headers = list[tuple[str, str]]


def payload_digest(body: bytes) -> str:
    """WARC-Payload-Digest of a body, as warcio writes it: `sha1:` and base32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()


@dataclass(frozen=True)
class Capture:
    """An earlier response record of a URL: what a revisit record refers to."""

    digest: str
    date: str  # its WARC-Date


class WarcFile:
    """An open WARC file that request/response pairs are appended to."""

    def __init__(self, path: Path, relative: str, software: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.relative = relative  # as records point to it: relative to the archive root
        self._file: BinaryIO = path.open("ab")
        self._writer = WARCWriter(self._file, gzip=True)
        version = self._writer.warc_version.removeprefix("WARC/")  # what the records say
        info = self._writer.create_warcinfo_record(
            path.name, {"software": software, "format": f"WARC File Format {version}"}
        )
        self._writer.write_record(info)

    def write(
        self,
        url: str,
        method: str,
        request_headers: Headers,
        status: int,
        response_headers: Headers,
        body: bytes,
        ip_address: str | None = None,
        revisit_of: Capture | None = None,
    ) -> tuple[Raw, datetime]:
        """Append one exchange; return where its response record starts, and its WARC-Date.

        With `revisit_of`, an earlier capture of the same URL with this very payload, the
        answer is written as a revisit record pointing to it (the body is not stored again).
        """
        now = datetime.now(UTC).replace(microsecond=0)
        headers = {"WARC-Date": now.strftime("%Y-%m-%dT%H:%M:%SZ")}
        if ip_address:
            headers["WARC-IP-Address"] = ip_address
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        http = StatusAndHeaders(f"{status} {reason}", response_headers, "HTTP/1.1")
        if revisit_of is not None:
            response = self._writer.create_revisit_record(
                url,
                revisit_of.digest,
                url,
                revisit_of.date,
                http_headers=http,
                warc_headers_dict=headers,
            )
        else:
            response = self._writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=http, warc_headers_dict=headers
            )
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        request = self._writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(b""),
            http_headers=StatusAndHeaders(
                f"{method} {target} HTTP/1.1", request_headers, is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": headers["WARC-Date"], "WARC-Concurrent-To": record_id},
        )
        offset = self._file.tell()
        self._writer.write_record(response)
        self._writer.write_record(request)
        self._file.flush()
        return {"warc": self.relative, "offset": offset, "record_id": record_id}, now

    def close(self) -> None:
        self._file.close()


def cdxj_lines(path: Path) -> bytes:
    """The CDXJ index of a WARC file (cdxj-indexer's, sorted): one line per capture, each
    naming the file by its name and giving the record's offset and length."""
    from cdxj_indexer.main import CDXJIndexer

    output = BytesIO()
    writer = _Text(output)
    CDXJIndexer(output=writer, inputs=[str(path)], sort=True, filename=path.name).process_all()
    return output.getvalue()


class _Text:
    """A text stream over bytes, as cdxj-indexer writes to one (UTF-8)."""

    def __init__(self, buffer: BytesIO) -> None:
        self.buffer = buffer

    def write(self, text: str) -> int:
        return self.buffer.write(text.encode("utf-8"))

    def flush(self) -> None:
        pass


@dataclass(frozen=True)
class StoredResponse:
    url: str
    fetched_at: datetime
    status: int
    content_type: str
    body: bytes | None  # content-encoding undone; None when it was not asked for
    raw: Raw


def read_responses(
    path: Path, relative: str, wants_body: Callable[[str, str], bool] = lambda url, ctype: True
) -> Iterator[StoredResponse]:
    """The response records of a WARC file, in order; a torn last record ends the file.

    The body is read only for responses `wants_body(url, content_type)` accepts;
    `read_response_at` reads any other one later.
    """
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                content_type = record.http_headers.get_header("Content-Type") or ""
                body = record.content_stream().read() if wants_body(url, content_type) else None
                offset = records.get_record_offset()  # reads the record to its end: body first
                yield _stored(record, url, content_type, body, relative, offset)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as error:
            logger.warning("%s ends in a torn record (%s): the rest is ignored", path, error)


def torn_tail(path: Path) -> int | None:
    """Where a WARC file's last complete record ends, when records follow it that cannot be
    read (a run killed mid-write); None when the file reads to its end."""
    end = 0
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for _record in records:
                records.read_to_end()
                end = records.get_record_offset() + records.get_record_length()
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error):
            return end
    return None if end == path.stat().st_size else end


def trim_torn_tail(path: Path) -> int:
    """Cut a torn tail off a WARC file; how many bytes went."""
    end = torn_tail(path)
    if end is None:
        return 0
    size = path.stat().st_size
    with path.open("r+b") as stream:
        stream.truncate(end)
    return size - end


def read_response_at(
    path: Path, relative: str, offset: int, with_body: bool = True
) -> StoredResponse:
    """The response record starting at `offset` in a WARC file, body included unless not
    `with_body`."""
    with path.open("rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        url = record.rec_headers.get_header("WARC-Target-URI")
        content_type = record.http_headers.get_header("Content-Type") or ""
        body = record.content_stream().read() if with_body else None
        return _stored(record, url, content_type, body, relative, offset)


def _stored(
    record: Any, url: str, content_type: str, body: bytes | None, relative: str, offset: int
) -> StoredResponse:
    date = record.rec_headers.get_header("WARC-Date")
    return StoredResponse(
        url=url,
        fetched_at=datetime.fromisoformat(date.replace("Z", "+00:00")),
        status=int(record.http_headers.get_statuscode() or 0),
        content_type=content_type,
        body=body,
        raw={
            "warc": relative,
            "offset": offset,
            "record_id": record.rec_headers.get_header("WARC-Record-ID"),
        },
    )
