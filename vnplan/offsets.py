"""The offset map from a Plan's normalized text back to the reader's text, and its compact form.

Normalization (:mod:`vnplan.normalize`) edits the text in passes; each pass that changes
something adds a *layer*: the ``(new_start, new_end, old_start, old_end)`` of its edits, sorted.
:class:`OffsetMap` maps an offset back through the layers with a bisect per layer.

:meth:`OffsetMap.to_compact` writes the layers as one ASCII string for ``Plan.offset_map``
(``v1:`` + base64 of the zlib-compressed text of each layer's delta-coded columns: numbers
joined by ``,``, columns by ``|``, layers by ``;``), so a Plan read back from JSON maps offsets
exactly as the parse did.
"""

from __future__ import annotations

import base64
import zlib
from bisect import bisect_right

__all__ = ["OffsetMap", "OffsetMapError"]

_PREFIX = "v1:"


class OffsetMapError(ValueError):
    """A ``Plan.offset_map`` string that cannot be read."""


def _deltas(column: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *column], column)]


def _undelta(deltas: list[int]) -> list[int]:
    out, acc = [], 0
    for d in deltas:
        acc += d
        out.append(acc)
    return out


class OffsetMap:
    """Maps offsets of the normalized text back to the original text, layer by layer."""

    def __init__(self) -> None:
        # each layer: (new_starts, new_ends, old_starts, old_ends) of the edits of one pass
        self._layers: list[tuple[list[int], list[int], list[int], list[int]]] = []

    def add_layer(self, edits: list[tuple[int, int, int, int]]) -> None:
        """Record one pass's edits, sorted: ``(new_start, new_end, old_start, old_end)`` each."""
        if edits:
            ns, ne, os_, oe = (list(c) for c in zip(*edits))
            self._layers.append((ns, ne, os_, oe))

    def __call__(self, pos: int) -> int:
        for new_s, new_e, old_s, old_e in reversed(self._layers):
            k = bisect_right(new_s, pos) - 1
            if k < 0:
                continue
            if pos < new_e[k]:
                pos = min(old_s[k] + (pos - new_s[k]), max(old_s[k], old_e[k] - 1))
            else:
                pos = old_e[k] + (pos - new_e[k])
        return pos

    def to_compact(self) -> str:
        """The layers as one ASCII string (see the module docstring)."""
        raw = ";".join("|".join(",".join(map(str, _deltas(col))) for col in layer) for layer in self._layers)
        return _PREFIX + base64.b64encode(zlib.compress(raw.encode("ascii"), 6)).decode("ascii")

    @classmethod
    def from_compact(cls, s: str) -> "OffsetMap":
        """The map :meth:`to_compact` wrote; :class:`OffsetMapError` for anything else."""
        if not s.startswith(_PREFIX):
            raise OffsetMapError(f"offset map: unknown format {s[:8]!r} (expected {_PREFIX!r})")
        try:
            raw = zlib.decompress(base64.b64decode(s[len(_PREFIX):], validate=True)).decode("ascii")
            layers = [[_undelta([int(x) for x in col.split(",")]) for col in layer.split("|")]
                      for layer in raw.split(";")] if raw else []
        except (ValueError, zlib.error) as e:
            raise OffsetMapError(f"offset map: not readable ({e})") from None
        omap = cls()
        for cols in layers:
            if len(cols) != 4 or len({len(c) for c in cols}) != 1:
                raise OffsetMapError("offset map: a layer without four columns of one length")
            omap._layers.append((cols[0], cols[1], cols[2], cols[3]))
        return omap
