"""The pieces of a numbering label that the structure, the line wrap and the fact readers share.

A plan numbers its parts ``I.``, ``I/``, ``I -``, ``I-`` (Roman), ``1.``, ``1/``, ``1 -``, ``1-``
(Arabic), ``a)``, ``a.``, ``a/`` (letters). Each reader builds its own pattern (a whole heading
line, the start of a wrapped line, a label before an item's body) from these pieces, so that a
form one of them learns, all of them read.
"""

from __future__ import annotations

# A Roman numeral up to 99 (may match empty: guard it with a lookahead for [IVXL]).
ROMAN = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
# A dash after a number that makes it a label: "I - Mục tiêu", "I- Mục tiêu", "1- Sở Y tế"
# (a space after it, so "II-NQ" and "1-2" are no labels).
DASH_AFTER = r"[ \t]*+[-–](?=[ \t])"
