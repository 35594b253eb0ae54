"""HTML saved from a browser: block elements in order, without scripts, styles or navigation;
italics and superscript footnote numbers kept."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..document import DocumentError
from ..markup import int_to_superscript
from .common import markup, plain

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt",
           "td", "th", "caption", "figcaption", "div", "section", "article", "br", "tr"}  # fmt: skip
_SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form",
         "button", "aside", "head"}  # fmt: skip


class _HtmlText(HTMLParser):
    """Block elements' text in order; italics and superscript footnote numbers kept as the
    other formats keep them."""

    def __init__(self, headings: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.headings = headings
        self.blocks: list[str] = []
        self.current: list[tuple[str, bool]] = []
        self.level = 0
        self.skipping = 0
        self.italic = 0
        self.sup: int | None = None  # where a <sup> began in ``current``

    def _flush(self) -> None:
        text = " ".join(markup(self.current).split())
        if text:
            if self.level and self.headings:
                text = "#" * self.level + " " + text.replace("*", "")
            self.blocks.append(text)
        self.current, self.level, self.sup = [], 0, None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._flush()
            if re.fullmatch(r"h[1-6]", tag):
                self.level = int(tag[1])
        elif tag in ("i", "em"):
            self.italic += 1
        elif tag == "sup":
            self.sup = len(self.current)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._flush()
        elif tag in ("i", "em"):
            self.italic = max(0, self.italic - 1)
        elif tag == "sup" and self.sup is not None:
            digits = plain(self.current[self.sup :]).strip()
            if digits.isascii() and digits.isdigit():  # a footnote marker
                self.current[self.sup :] = [(c, False) for c in int_to_superscript(int(digits))]
            self.sup = None

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.extend((char, self.italic > 0) for char in data)


def html_text(data: bytes, *, filename: str, headings: bool = False) -> str:
    charset = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    encoding = charset[1].decode() if charset else "utf-8"
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        raise DocumentError(
            f"this HTML page is not {encoding} text as it says; save it again as UTF-8",
            filename=filename,
        ) from None
    reader = _HtmlText(headings)
    reader.feed(text)
    reader.close()
    reader._flush()
    if not reader.blocks:
        raise DocumentError("this HTML page has no text", filename=filename)
    return "\n\n".join(reader.blocks) + "\n"
