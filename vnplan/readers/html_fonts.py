"""The font each piece of HTML text is set in, so that legacy Vietnamese fonts are converted.

Pages saved from Word or LibreOffice out of a document typed in TCVN3 (``.VnTime``…) or VNI
(``VNI-Times``…) keep the legacy characters and name the font: on the element
(``style="font-family: '.VnTime'"``, ``<font face=".VnTime, serif">``) or in the page's
``<style>`` sheet by tag or class (``p.MsoNormal { font-family: ".VnTime" }``). The font is the
evidence (:func:`vnplan.readers.legacy.font_encoding`); text in any other font is left as it is.

:class:`FontStack` follows the open elements: an element's own font, else its class's or tag's
rule, else the font of the element around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

__all__ = ["FontStack", "css_fonts", "first_family"]

_FAMILY = re.compile(r"(?:^|;)\s*font-family\s*:\s*([^;]{1,500})", re.I)
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?(?:\.([\w-]+))?$", re.I)


def first_family(value: str) -> Optional[str]:
    """The first family of a CSS ``font-family`` value or a ``face`` list, unquoted."""
    name = value.split(",")[0].strip().strip("'\"").strip()
    return name or None


def _without_comments(sheet: str) -> str:
    """A style sheet without ``/* … */`` comments and ``<!--`` ``-->`` wrappers (one scan)."""
    out: list[str] = []
    pos = 0
    while (start := sheet.find("/*", pos)) >= 0:
        out.append(sheet[pos:start])
        end = sheet.find("*/", start + 2)
        pos = len(sheet) if end < 0 else end + 2
    out.append(sheet[pos:])
    return " ".join(out).replace("<!--", " ").replace("-->", " ")


def css_fonts(sheet: str) -> dict[str, str]:
    """Selector → font family for the simple selectors of a style sheet: ``p``, ``.Body``,
    ``p.MsoNormal`` (keys lower-cased: ``p``, ``.body``, ``p.msonormal``)."""
    out: dict[str, str] = {}
    for rule in _without_comments(sheet).split("}"):  # str splits: linear on any input
        selectors, brace, body = rule.rpartition("{")
        fam = _FAMILY.search(body) if brace else None
        name = first_family(fam.group(1)) if fam else None
        if not name:
            continue
        for selector in selectors.split("{")[-1].split(","):
            sel = _SIMPLE_SELECTOR.match(selector.strip())
            if sel and (sel.group(1) or sel.group(2)):
                key = (sel.group(1) or "") + ("." + sel.group(2) if sel.group(2) else "")
                out[key.lower()] = name
    return out


@dataclass
class FontStack:
    """The open elements and the font each sets (see the module docstring)."""

    rules: dict[str, str] = field(default_factory=dict)
    open: list[tuple[str, Optional[str]]] = field(default_factory=list)

    @property
    def current(self) -> Optional[str]:
        return self.open[-1][1] if self.open else None

    def _own(self, tag: str, attrs: dict[str, str]) -> Optional[str]:
        fam = _FAMILY.search(attrs.get("style", ""))
        if fam:
            return first_family(fam.group(1))
        if tag == "font" and attrs.get("face"):
            return first_family(attrs["face"])
        for cls in attrs.get("class", "").split():
            for key in (f"{tag}.{cls}".lower(), f".{cls}".lower()):
                if key in self.rules:
                    return self.rules[key]
        return self.rules.get(tag)

    def push(self, tag: str, attrs: dict[str, str]) -> None:
        """An element opens: it sets its own font or keeps the one around it."""
        if tag == "p" and self.open and self.open[-1][0] == "p":
            self.open.pop()  # an unclosed <p> ends where the next one starts
        self.open.append((tag, self._own(tag, attrs) or self.current))

    def pop(self, tag: str) -> None:
        """An element closes (and any left open inside it)."""
        if any(t == tag for t, _ in self.open):
            while self.open and self.open.pop()[0] != tag:
                pass
