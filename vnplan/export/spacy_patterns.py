"""The agency gazetteer as spaCy EntityRuler patterns (JSON Lines).

Each canonical agency name and each of its aliases becomes one token pattern::

    {"label": "ORG", "pattern": [{"LOWER": "sở"}, {"LOWER": "tài"}, {"LOWER": "chính"}],
     "id": "Sở Tài chính"}

tokenized with vnplan's Vietnamese tokenizer (:func:`vnplan.nlp.get_nlp`, one token per
syllable) so that the patterns match docs made by the same pipeline. Load them with
``nlp.add_pipe("entity_ruler").from_disk("agencies.jsonl")``; ``ent.ent_id_`` is then the
canonical name.
"""

from __future__ import annotations

import json
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from ..errors import UnreadableFileError

LABEL = "ORG"
_ALIAS_KEYS = ("aliases", "abbreviations", "abbrevs", "forms", "variants")


def _tokenizer() -> Callable[[str], Any]:
    """vnplan's syllable tokenizer (``vnplan.nlp.get_nlp``)."""
    from ..nlp import get_nlp

    tok: Callable[[str], Any] = get_nlp().tokenizer
    return tok


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, dict):  # {"alias": …} maps
        return [k for k in value if isinstance(k, str)]
    return []


def _entries_from_data(data: Any) -> Iterator[tuple[str, Union[str, list[dict[str, Any]]]]]:
    """``(canonical name, surface form or token pattern)`` pairs from gazetteer data."""
    if isinstance(data, dict):
        for key in ("names", "agencies", "entries", "gazetteer", "items"):
            if isinstance(data.get(key), list):
                yield from _entries_from_data(data[key])
                return
        for name, aliases in data.items():  # {canonical: [aliases]} or {canonical: {aliases: …}}
            if not isinstance(name, str):
                continue
            yield name, name
            if isinstance(aliases, dict):
                for k in _ALIAS_KEYS:
                    for a in _strings(aliases.get(k)):
                        yield name, a
            else:
                for a in _strings(aliases):
                    yield name, a
        return
    for item in data or []:
        if isinstance(item, str):
            yield item, item
        elif isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, str) for x in item):
            yield item[0], item[1]
        elif isinstance(item, dict):
            if "pattern" in item:  # already EntityRuler-shaped
                name = item.get("id") or item.get("name") or (item["pattern"] if isinstance(item["pattern"], str) else None)
                if name:
                    yield name, item["pattern"]
                continue
            name = item.get("name") or item.get("canonical") or item.get("id")
            if not isinstance(name, str):
                continue
            yield name, name
            for k in _ALIAS_KEYS:
                for a in _strings(item.get(k)):
                    yield name, a


def gazetteer_path() -> Path:
    """Where the packaged agency gazetteer lives: ``vnplan/data/agencies.yaml``."""
    return Path(str(resources.files("vnplan").joinpath("data", "agencies.yaml")))


def load_gazetteer(path: Optional[Union[str, Path]] = None) -> list[tuple[str, Union[str, list[dict[str, Any]]]]]:
    """``(canonical name, form)`` pairs of the agency gazetteer.

    With ``path``, the YAML file at that path (a list of entries with ``name`` and ``aliases``);
    without, the packaged gazetteer (``vnplan.facts.agencies.gazetteer_patterns()``). Raises
    :class:`~vnplan.errors.UnreadableFileError` when the file at ``path`` cannot be read.
    """
    if path is None:
        from ..facts.agencies import gazetteer_patterns

        return list(_entries_from_data(gazetteer_patterns()))
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UnreadableFileError("agency gazetteer not found", str(path)) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise UnreadableFileError(f"cannot read the agency gazetteer: {e}", str(path)) from None
    return list(_entries_from_data(data))


def spacy_patterns(
    gazetteer: Optional[Iterable[tuple[str, Union[str, list[dict[str, Any]]]]]] = None,
    tokenizer: Optional[Callable[[str], Any]] = None,
) -> list[dict[str, Any]]:
    """EntityRuler patterns (label ``ORG``, ``id`` = canonical name) for every agency name and alias.

    ``gazetteer`` defaults to :func:`load_gazetteer`; ``tokenizer`` to vnplan's Vietnamese
    tokenizer. Each pattern is a list of ``{"LOWER": syllable}`` token specs, so matching ignores
    case. Duplicates are dropped; order follows the gazetteer.
    """
    pairs = load_gazetteer() if gazetteer is None else gazetteer
    tok = tokenizer or _tokenizer()
    seen: set[tuple[str, str]] = set()
    out: list[dict[str, Any]] = []
    for name, form in pairs:
        name = unicodedata.normalize("NFC", " ".join(name.split()))
        if isinstance(form, list):
            pattern = form
        else:
            text = unicodedata.normalize("NFC", " ".join(str(form).split()))
            if not text:
                continue
            pattern = [{"LOWER": t.text.lower()} for t in tok(text) if not t.is_space]
        if not pattern:
            continue
        key = (name, json.dumps(pattern, ensure_ascii=False, sort_keys=True))
        if key in seen:
            continue
        seen.add(key)
        out.append({"label": LABEL, "pattern": pattern, "id": name})
    return out


def dump_patterns(patterns: list[dict[str, Any]]) -> str:
    """Patterns as EntityRuler JSON Lines (one object per line, Unicode as is)."""
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in patterns)
