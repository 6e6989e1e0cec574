"""An RFC 5545 RRULE in plain words: ``FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25`` →
``every year on day 25 of March, June, September and December``.

Covers the rule parts vnplan writes (FREQ, INTERVAL, BYMONTH, BYMONTHDAY, BYDAY, COUNT, UNTIL);
an unknown part is named as is, so the words never hide part of the rule.
"""

from __future__ import annotations

from typing import Optional

_FREQ = {
    "DAILY": ("every day", "days"),
    "WEEKLY": ("every week", "weeks"),
    "MONTHLY": ("every month", "months"),
    "YEARLY": ("every year", "years"),
}
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DAYS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
         "SA": "Saturday", "SU": "Sunday"}


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _month_days(value: str) -> str:
    days = [("the last day" if d == "-1" else f"day {d}") for d in value.split(",")]
    return "on " + _and(days)


def _months(value: str) -> str:
    names = [_MONTHS[int(m) - 1] if m.isdigit() and 1 <= int(m) <= 12 else m for m in value.split(",")]
    return "of " + _and(names) if names else ""


def _weekdays(value: str) -> str:
    return "on " + _and([_DAYS.get(d, d) for d in value.split(",")])


def rrule_words(rule: Optional[str]) -> str:
    """``rule`` (with or without ``RRULE:``) as an English phrase; ``""`` for no rule."""
    if not rule:
        return ""
    rule = rule.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    freq = parts.pop("FREQ", "").upper()
    every, unit = _FREQ.get(freq, (f"repeating {freq.lower()}", freq.lower()))
    interval = parts.pop("INTERVAL", "1")
    words = [every if interval == "1" else f"every {interval} {unit}"]
    if "BYMONTHDAY" in parts:
        words.append(_month_days(parts.pop("BYMONTHDAY")))
    if "BYDAY" in parts:
        words.append(_weekdays(parts.pop("BYDAY")))
    if "BYMONTH" in parts:
        words.append(_months(parts.pop("BYMONTH")))
    if "COUNT" in parts:
        words.append(f"{parts.pop('COUNT')} times")
    if "UNTIL" in parts:
        until = parts.pop("UNTIL")
        words.append(f"until {until[:4]}-{until[4:6]}-{until[6:8]}" if len(until) >= 8 else f"until {until}")
    words.extend(f"{k}={v}" for k, v in parts.items())
    return " ".join(w for w in words if w)
