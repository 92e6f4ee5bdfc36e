"""Rewrite the golden pages and their expected records: `python tests/golden/regenerate.py`.

The HTML comes from the sample site's theme, the expected JSON from the posts'
ground truth (lan_crawler.sample_site.posts), never from the extractor, so a
golden test compares the extractor with what the page really says. Review the
diff before committing.
"""

from __future__ import annotations

import json
from pathlib import Path

from lan_crawler.sample_site import Faults, SampleSite, load_posts

BASE_URL = "https://lan.go.id/"  # fixtures look as if saved from the real site
# fmt: off
GOLDEN_POSTS = {
    "oceanwp": (5297, 5205, 5248, 5281, 5326, 5371, 5547, 6075, 6163, 6587, 6788, 6961, 7498,
                7810, 7869),
    "elementor": (5297, 5205, 5281, 6587, 7412, 8237),
    "block-theme": (5297, 5326, 5458, 6329, 6961, 7810),
}
# fmt: on
HERE = Path(__file__).parent


def main() -> None:
    posts = {post.id: post for post in load_posts()}
    for template, ids in GOLDEN_POSTS.items():
        site = SampleSite(BASE_URL, Faults(), template=template)
        folder = HERE / template
        folder.mkdir(exist_ok=True)
        for post_id in ids:
            (folder / f"{post_id}.html").write_bytes(site.respond(f"/?p={post_id}").body)
            record = site.expected_record(posts[post_id])
            text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
            (folder / f"{post_id}.expected.json").write_text(text, encoding="utf-8")
        print(f"{template}: {len(ids)} pages written to {folder}")


if __name__ == "__main__":
    main()
