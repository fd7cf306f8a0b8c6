"""Text from a link, a data file or an upload made inert for Streamlit's Markdown.

Streamlit renders captions, notes, labels and help texts as GitHub-flavoured Markdown: a name
like `[Sign in](https://evil.example)` would become a working link, `![x](http://host/x.png)`
would make the browser fetch an image, and a bare `https://…`, `www.…` or `name@host.tld` is
turned into a link even without brackets. `md()` is the one function that stops all of that;
`Labels.md` exposes it to every page.
"""

from __future__ import annotations

import re

# The characters that start markup anywhere in a line: emphasis, code, links and images, HTML and
# `<…>` links, tables, strikethrough, math and entities. Other punctuation only matters at the start
# of a line (lists, headings, quotes), which `_LEADING` covers; escaping it everywhere would only
# clutter the text for a reader of the source.
_ESCAPED = {ord(char): "\\" + char for char in "\\`*_[]<>|~$&#"}
_LEADING = re.compile(r"^(\d*)([-+=.)])")
# GFM turns bare addresses into links after escapes are resolved, so an invisible word joiner is
# put where the pattern needs two characters side by side: the text reads the same on screen, though
# a copy of it carries the invisible joiner.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp)(?=:)|(www)(?=\.)|(?<=[\w.+-])(?=@)")
_SPACE = re.compile(r"\s+")


def md(text: object) -> str:
    """`text` on one line, shown exactly as typed inside Markdown: no link, image or markup."""
    flat = _SPACE.sub(" ", "" if text is None else str(text)).strip()
    joined = _AUTOLINK.sub(lambda match: match.group(0) + WORD_JOINER, flat)
    return _LEADING.sub(r"\1\\\2", joined.translate(_ESCAPED))
