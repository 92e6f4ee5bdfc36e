"""Scrapy feed exporters that write what `lan-archive export` writes (settings.FEED_EXPORTERS).

`scrapy crawl lan_news -o items.csv` gives the CSV of `lan-archive export --format csv`:
the same columns in the same order, lists and objects as the same JSON text.
"""

from __future__ import annotations

import io
from typing import IO, Any

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from lan_crawler.export import CsvRecords


class CsvItemExporter(BaseItemExporter):
    """The project's CSV dialect as a feed exporter. The columns are the record's fields:
    FEED_EXPORT_FIELDS and FEED_EXPORT_ENCODING do not change them (UTF-8 always)."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.stream = io.TextIOWrapper(file, encoding="utf-8", newline="", write_through=True)
        self.rows: CsvRecords | None = None

    def start_exporting(self) -> None:
        self.rows = CsvRecords(self.stream)  # the header row, even for a feed of no item

    def export_item(self, item: Any) -> None:
        # Scrapy's own exporters work without start_exporting too: the header comes first then
        rows = self.rows or CsvRecords(self.stream)
        self.rows = rows
        rows.write(ItemAdapter(item).asdict())

    def finish_exporting(self) -> None:
        self.stream.flush()
        self.stream.detach()  # Scrapy closes the file itself
