"""Site declarations: found by themselves, checked when made, one per site."""

from __future__ import annotations

from dataclasses import replace

import pytest

from lan_crawler.sites import DEFAULT_SITE, SITES, get_site
from lan_crawler.sites.lan_go_id import LAN


def test_the_package_finds_its_declarations() -> None:
    assert SITES == {"lan.go.id": LAN}
    assert DEFAULT_SITE is LAN
    assert get_site("lan.go.id") is LAN


def test_an_unknown_site_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"no site 'lan\.example' is declared; known: lan\.go\.id"):
        get_site("lan.example")


@pytest.mark.parametrize("base_url", ["ftp://lan.go.id/", "https://lan.go.id", "lan.go.id/"])
def test_a_declaration_with_a_bad_base_url_is_refused(base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        replace(LAN, base_url=base_url)
