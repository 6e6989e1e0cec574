"""Lay a plan's text out as a tree of nested, non-crossing pieces: sections, headings, facts.

Fact spans overlap freely (a target inside a task, a quantity inside a target, an agency name
across the end of a deadline phrase), but HTML elements must nest. :func:`build_tree` inserts
the sections first (as blocks), then every fact, longest span first, into a tree whose children
never cross:

* a fact that lies inside an existing piece goes into it (identical spans nest too);
* a fact that covers inline pieces adopts them as children;
* a fact that crosses a piece, or covers a block (a section), is split at that piece's
  boundaries; every part keeps the fact's ``uid``, so one fact is the set of elements that
  share it (``data-id`` in the page), and the parts together cover exactly its span.

Nothing here reads more than the spans; what a piece shows is decided by the templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional, Union


@dataclass(frozen=True)
class Item:
    """Something to lay out: a section (``block``), a heading, or a fact of some ``kind``."""

    kind: str
    uid: str
    start: int
    end: int
    block: bool = False


@dataclass
class Piece:
    """One element of the page: ``item`` over ``[start, end)``, with its nested ``children``."""

    item: Optional[Item]
    start: int
    end: int
    children: list["Piece"] = field(default_factory=list)
    first: bool = True  # the first part of its item in text order (carries the element id)

    @property
    def is_block(self) -> bool:
        """True for a section: facts are split around it, never wrap it."""
        return self.item is not None and self.item.block

    def parts(self, text: str) -> list[Union[str, "Piece"]]:
        """The text between the children and the children themselves, in order."""
        out: list[Union[str, Piece]] = []
        pos = self.start
        for c in self.children:
            if c.start > pos:
                out.append(text[pos : c.start])
            out.append(c)
            pos = c.end
        if self.end > pos:
            out.append(text[pos : self.end])
        return out


def _add_gaps(node: Piece, item: Item, gaps: list[tuple[int, int]]) -> None:
    """Add a piece of ``item`` for each gap of ``node``, adopting the children inside it."""
    for gs, ge in gaps:
        inside = [c for c in node.children if gs <= c.start and c.end <= ge]
        rest = [c for c in node.children if not (gs <= c.start and c.end <= ge)]
        rest.append(Piece(item, gs, ge, inside))
        rest.sort(key=lambda c: (c.start, c.end))
        node.children = rest


def _insert(node: Piece, item: Item, start: int, end: int) -> None:
    """Insert ``item`` over ``[start, end)``, a range inside ``node``."""
    hit = [c for c in node.children if c.start < end and start < c.end]
    for c in hit:
        if c.start <= start and end <= c.end:
            _insert(c, item, start, end)
            return
    gaps: list[tuple[int, int]] = []
    pos = start
    for c in hit:
        if not c.is_block and start <= c.start and c.end <= end:
            continue  # adopted by the gap piece that covers it
        if c.start > pos:
            gaps.append((pos, c.start))
        _insert(c, item, max(start, c.start), min(end, c.end))
        pos = min(end, c.end)
    if end > pos:
        gaps.append((pos, end))
    _add_gaps(node, item, gaps)


def _mark_first_parts(root: Piece) -> None:
    seen: set[str] = set()
    for p in walk(root):
        if p.item is not None:
            p.first = p.item.uid not in seen
            seen.add(p.item.uid)


def build_tree(length: int, items: Iterable[Item]) -> Piece:
    """The layout tree of a text of ``length`` characters holding ``items``.

    Blocks are inserted first, then the rest longest first (ties: the order given), so outer
    facts wrap inner ones; empty or out-of-range spans are dropped.
    """
    root = Piece(None, 0, length)
    usable = [it for it in items if 0 <= it.start < it.end <= length]
    order = sorted(
        enumerate(usable),
        key=lambda p: (not p[1].block, -(p[1].end - p[1].start), p[1].start, p[0]),
    )
    for _, it in order:
        _insert(root, it, it.start, it.end)
    _mark_first_parts(root)
    return root


def walk(piece: Piece) -> Iterable[Piece]:
    """Every piece under ``piece`` (itself first), depth first."""
    stack = [piece]
    while stack:
        p = stack.pop()
        yield p
        stack.extend(reversed(p.children))
