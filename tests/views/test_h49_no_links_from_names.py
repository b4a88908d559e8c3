"""F1: a name from an upload is shown as typed and never becomes a link, an image or HTML.

``escape_markdown`` escaped brackets, but Streamlit's Markdown (GFM) links bare ``http://``, ``www.`` and e-mail
addresses on its own: "Nova Dental www.nova-dental.example" became a live link on a Viewer's Overview. Checked here
against CommonMark (markdown-it: links, images, HTML) and GFM's autolink-literal triggers; a real Chromium run of
these names through ``st.warning``/``st.caption`` showed no anchor (see the report of h49).
"""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from moat.formatting import escape_markdown

NAMES = [
    "Jane [Newtech](http://evil.example)",
    "Nova Dental www.nova-dental.example",
    "Reset at https://login.example/reset",
    "HTTP://SHOUT.EXAMPLE",
    "billing jane@evil.example",
    "_www.underscored.example_",
    "(www.bracketed.example)",
    "<https://angle.example>",
    "![logo](http://img.example/x.png)",
    "<a href='http://x.example'>click</a>",
]

# GFM's autolink-literal extension starts a link at "www.", at "http://" or "https://" and at an e-mail address.
GFM_TRIGGER = re.compile(r"(?i)(www\.|https?://|[\w.+-]@[\w-])")


def unescaped(text: str) -> str:
    """What the reader sees: backslash escapes and the invisible word joiner removed."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


@pytest.mark.parametrize("name", NAMES)
def test_a_crafted_name_forms_no_link_and_reads_as_typed(name: str) -> None:
    shown = escape_markdown(name)
    assert GFM_TRIGGER.search(shown.replace("\\", "")) is None, shown
    tokens = MarkdownIt("commonmark").parseInline(shown)
    kinds = {t.type for token in tokens for t in (token.children or [])}
    assert not kinds & {"link_open", "image", "html_inline"}, (shown, kinds)
    assert unescaped(shown) == name


def test_plain_names_are_untouched() -> None:
    assert escape_markdown("Meridian Dental Group") == "Meridian Dental Group"
    assert escape_markdown("Summit Credit Union 2") == "Summit Credit Union 2"
