"""Machine-readable metadata in a page head: meta tags, link relations, JSON-LD."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from lxml import html

ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "BlogPosting", "Report", "ReportageNewsArticle"}
)


@dataclass
class PageMetadata:
    meta: dict[str, str]  # <meta property|name=... content=...>, first one wins
    links: dict[str, str]  # <link rel=... href=...>, first one wins
    article_ld: dict[str, Any]  # the JSON-LD node describing the article, {} if none
    warnings: list[str] = field(default_factory=list)

    def ld_text(self, key: str) -> str | None:
        """A JSON-LD string property of the article node (or the `name` of an object)."""
        value = self.article_ld.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name")
        return value.strip() if isinstance(value, str) and value.strip() else None


def read_metadata(doc: html.HtmlElement) -> PageMetadata:
    meta: dict[str, str] = {}
    for tag in doc.iter("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = tag.get("content")
        if key and content is not None:
            meta.setdefault(key.strip().lower(), content.strip())
    links: dict[str, str] = {}
    for tag in doc.iter("link"):
        href = tag.get("href")
        for rel in (tag.get("rel") or "").lower().split():
            if href:
                links.setdefault(rel, href.strip())
    warnings: list[str] = []
    nodes: list[dict[str, Any]] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            nodes.extend(_flatten(json.loads(script.text or "")))
        except ValueError:
            warnings.append("unreadable JSON-LD block ignored")
    # several plugins may each describe the article (Yoast, a schema plugin): merge them,
    # the first to give a property wins
    article: dict[str, Any] = {}
    for node in nodes:
        if ARTICLE_TYPES & _types(node):
            article = {**node, **article}
    return PageMetadata(meta, links, article, warnings)


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", [])
    return {kind} if isinstance(kind, str) else {k for k in kind if isinstance(k, str)}


def _flatten(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [node for item in data for node in _flatten(item)]
    if isinstance(data, dict):
        return [data, *_flatten(data.get("@graph", []))]
    return []
