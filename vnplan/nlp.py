"""Vietnamese NLP helpers: a spaCy ``Language`` with a syllable tokenizer, and underthesea.

* :func:`get_nlp` — ``spacy.blank("vi")`` with :class:`SyllableTokenizer` registered as its
  tokenizer: one token per syllable, punctuation split off, ``10/12`` and ``01/12/2023`` kept
  whole. No pyvi, no model download. A new pipeline each call: yours to add pipes to.
* :func:`word_segment` — underthesea's word segmentation, for the short spans where Vietnamese
  word boundaries matter (cutting a target's subject at a word boundary). Never run on a
  whole document: it costs ≈ 0.2 s per 25 KB.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Union

import re

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

TOKENIZER_NAME = "vnplan.syllable_tokenizer.v1"


# One token per syllable or number; "10/12", "01/12/2023", "35,42", "NN&PTNT" stay whole;
# every other non-space character is a token of its own.
# (stdlib re: on NFC text its Unicode \w is the letters and digits we need, and it is
# about twice as fast here as the regex module with \p{L} classes)
_PARTS = re.compile(r"\d+(?:[.,/:]\d+)*|\w+(?:[&'’]\w+)*|\s+|\S")


def syllables(text: str) -> list[tuple[str, int, int]]:
    """The tokens :class:`SyllableTokenizer` makes of ``text``, as ``(token, start, end)``.

    A single space after a token is that token's trailing whitespace, not a token; any other
    run of whitespace (two spaces, a tab, a space at the start) is a token of its own, as
    spaCy requires. Matching over these tokens (:mod:`vnplan.facts.phrase_trie`) sees the
    same token boundaries as a spaCy ``Doc`` made by the tokenizer, without building one.
    """
    out: list[tuple[str, int, int]] = []
    add = out.append
    after_word = False  # the last token is not whitespace and has no trailing space yet
    for m in _PARTS.finditer(text):
        p = m.group()
        if not p[0].isspace():
            add((p, m.start(), m.end()))
            after_word = True
        elif p == " " and after_word:
            after_word = False
        elif len(p) > 1 and p[-1] == " ":
            add((p[:-1], m.start(), m.end() - 1))
            after_word = False
        else:
            add((p, m.start(), m.end()))
            after_word = False
    return out


class SyllableTokenizer:
    """A spaCy tokenizer for Vietnamese: syllables, numbers and punctuation as tokens.

    One regex pass (≈ 20× faster here than spaCy's rule-based tokenizer with the ``xx``
    affix rules, which it otherwise matches on plan text). Whitespace other than a single
    space becomes its own token, as spaCy requires, so ``doc.text`` is the input text.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        toks = syllables(text)
        words = [t for t, _, _ in toks]
        # a token has a trailing space when the next token starts one character after its end
        nxt = [s for _, s, _ in toks[1:]] + [len(text)]
        spaces = [n == e + 1 for (_, _, e), n in zip(toks, nxt)]
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for t in texts:
            yield self(t)

    # no state to save: the pattern is fixed
    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> "SyllableTokenizer":
        return self

    def to_disk(self, path: Union[str, Path], **kwargs: Any) -> None:
        pass

    def from_disk(self, path: Union[str, Path], **kwargs: Any) -> "SyllableTokenizer":
        return self


_Make = Callable[["Language"], SyllableTokenizer]  # what a registered tokenizer factory returns


def _register() -> None:
    from spacy.util import registry  # what spacy.registry is

    if TOKENIZER_NAME in registry.tokenizers.get_all():
        return

    # spaCy's registries (catalogue) carry no type hints: the decorator gets its type here
    register: Callable[[Callable[[], _Make]], Callable[[], _Make]] = registry.tokenizers(TOKENIZER_NAME)

    @register
    def create_syllable_tokenizer() -> _Make:  # pragma: no cover - called by spaCy
        def make(nlp: Language) -> SyllableTokenizer:
            return SyllableTokenizer(nlp.vocab)

        return make


def get_nlp() -> Any:
    """A new Vietnamese ``spacy.Language`` (syllable tokenizer, no trained components).

    Each call builds its own pipeline (about 10 ms once spaCy is loaded), so add pipes to it,
    change its tokenizer or ``max_length`` freely: vnplan's own parsing keeps a pipeline of
    its own and never sees yours. Keep the one you built to reuse it.
    """
    import spacy

    _register()
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})


def word_segment(text: str) -> list[str]:
    """underthesea word segmentation (words of several syllables joined by spaces)."""
    from underthesea import word_tokenize

    return list(word_tokenize(text))
