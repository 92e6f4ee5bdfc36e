"""Rewrite the golden pages and their expected records: `python tests/golden/regenerate.py`.

The HTML comes from the sample site's theme, the expected JSON from the posts'
ground truth (lan_crawler.sample_site.posts), never from the extractor, so a
golden test compares the extractor with what the page really says. Review the
diff before committing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from lan_crawler.sample_site import Faults, SampleSite, load_posts, oceanwp

BASE_URL = "https://lan.go.id/"  # fixtures look as if saved from the real site
# fmt: off
GOLDEN_POSTS = {
    "oceanwp": (5297, 5205, 5248, 5281, 5326, 5371, 5547, 6075, 6163, 6587, 6788, 6961, 7498,
                7810, 7869),
    "elementor": (5297, 5205, 5281, 6587, 7412, 8237),
    "block-theme": (5297, 5326, 5458, 6329, 6961, 7810),
}
# OceanWP with its single-post parts reordered in the Customizer: related posts (articles
# with the usual post classes) before the title and the content
REORDERED_POSTS = (5205, 6961)
REORDERED = replace(
    oceanwp.SETTINGS,
    elements=("featured_image", "related_posts", "title", "meta", "content", "tags",
              "social_share", "next_prev", "single_comments"),
)
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
    site = SampleSite(BASE_URL, Faults())
    folder = HERE / "oceanwp-reordered"
    folder.mkdir(exist_ok=True)
    for post_id in REORDERED_POSTS:
        page = oceanwp.render_single(site.ctx, posts[post_id], settings=REORDERED)
        (folder / f"{post_id}.html").write_bytes(page.encode())
        record = site.expected_record(posts[post_id])
        text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        (folder / f"{post_id}.expected.json").write_text(text, encoding="utf-8")
    print(f"oceanwp-reordered: {len(REORDERED_POSTS)} pages written to {folder}")


if __name__ == "__main__":
    main()
