"""A whole page as text, laid out the way a layout-keeping converter lays it out: paragraphs
between blank lines, list items and table rows on lines of their own. The fallback input of
the text cleaner when the HTML extractor finds no article."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

_SKIPPED = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "iframe",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "object",
        "embed",
        "canvas",
        "math",
    ]
)
_PARAGRAPHS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "dl",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "form",
        "figure",
        "address",
        "hr",
    ]
)
_LINES = frozenset(
    [
        "div",
        "li",
        "tr",
        "dt",
        "dd",
        "br",
        "figcaption",
        "caption",
        "td",
        "th",
        "center",
        "fieldset",
        "legend",
    ]
)


class _Layout:
    """Text and the breaks asked for between pieces of it; runs of breaks keep the strongest."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.pending = 0  # 0, 1 (a new line) or 2 (a blank line)

    def brk(self, strength: int) -> None:
        self.pending = max(self.pending, strength)

    def add(self, text: str | None) -> None:
        if not text:
            return
        if not text.strip():
            if not self.pending and self.out:
                self.out.append(" ")
            return
        if self.pending and self.out:
            self.out.append("\n" * self.pending)
        self.pending = 0
        self.out.append(text)

    def text(self) -> str:
        return "\n".join(" ".join(line.split()) for line in "".join(self.out).split("\n"))


def page_text(tree: HtmlElement) -> str:
    layout = _Layout()
    skipping = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED:
            skipping += 1 if event == "start" else -1
            if event == "end" and skipping == 0:
                layout.add(element.tail)
        elif not skipping:
            layout.brk(2 if tag in _PARAGRAPHS else 1 if tag in _LINES else 0)
            layout.add(element.text if event == "start" else element.tail)
    return layout.text()
