"""What extraction is told about one site: its templates, its own chrome, its clock.

Everything else extraction knows is WordPress's (themes, plugins, core markup);
a site declaration (`lan_crawler.sites`) fills this in for its pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from zoneinfo import ZoneInfo

from lan_crawler.extract.profile import PROFILES, TemplateProfile


@dataclass(frozen=True)
class SiteHints:
    templates: tuple[TemplateProfile, ...] = PROFILES  # tried in order; the first match wins
    # phrases of the site's own chrome (cookie notice, copyright line): a text holding one
    # was taken from the wrong part of the page and is rejected
    chrome_phrases: tuple[str, ...] = ()
    # phrases usually seen in the site's chrome (its street address) that an article may
    # well quote: a warning only
    suspect_phrases: tuple[str, ...] = ()
    time_zone: str = "Asia/Jakarta"  # the zone of times the site prints without an offset

    @property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.time_zone)


GENERIC_SITE = SiteHints()  # a WordPress site nobody has declared: every known template
