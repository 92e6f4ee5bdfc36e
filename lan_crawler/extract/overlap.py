"""How much two texts agree: the Scrapinghub article-extraction benchmark's shingles.

Multisets of 4-word shingles over `\\w+` tokens; agreement is their F1 (the share of
shingles in common, counted both ways). Used to compare the page's text with the
REST API's, and by the fidelity measures.
"""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def agreement(a: str, b: str) -> float:
    """F1 of the two texts' shingles: 1.0 for the same words in the same order."""
    left, right = shingles(a), shingles(b)
    common = sum((left & right).values())
    total = sum(left.values()) + sum(right.values())
    return 2 * common / total if total else 1.0
