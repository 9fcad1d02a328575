"""The language of the moment (Chinese first, English with ``--lang en`` or ``ZHICE_LANG=en``) and
the labels of choice codes (``none`` → 未贯标, filled from the field catalogue in use).

The part of :mod:`zhice.wording` that needs nothing else of zhice, so that the profile's loaders
(:mod:`zhice.values`, :mod:`zhice.errors`) word their messages in the language asked for without
importing the profile they are part of. :mod:`zhice.wording` re-exports all of it.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from typing import Any

__all__ = ["CHOICE_LABELS", "LANG_ENV", "choice_label", "current_lang", "env_lang", "pick", "set_lang", "written_in"]

LANG_ENV = "ZHICE_LANG"

_LANG: ContextVar[str | None] = ContextVar("zhice_lang", default=None)


def env_lang() -> str:
    """``en`` when ``$ZHICE_LANG`` asks for English (``en``, ``en_US`` …), else ``zh``."""
    return "en" if os.environ.get(LANG_ENV, "").strip().lower().startswith("en") else "zh"


def current_lang() -> str:
    """The language messages are written in now: what ``zhice --lang`` set, else ``$ZHICE_LANG``, else zh."""
    return _LANG.get() or env_lang()


def set_lang(lang: str | None) -> None:
    """Use ``lang`` (zh or en) for the messages from now on; None goes back to ``$ZHICE_LANG``."""
    _LANG.set(("en" if lang == "en" else "zh") if lang else None)


def pick(zh: str, en: str, lang: str | None = None) -> str:
    """``zh`` or ``en``, for ``lang`` (default: :func:`current_lang`)."""
    return en if (lang or current_lang()) == "en" else zh


def written_in(text: str) -> str:
    """``zh`` when ``text`` holds a Chinese character, else ``en`` (a step, a message as written)."""
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


# choice codes of the profile's enumerated fields and of enumerated derived facts: code → (zh, en);
# the labels are data, the field catalogue's (rulebooks/_meta/fields.yml): zhice.profile fills this
# dict when a catalogue comes into use
CHOICE_LABELS: dict[str, dict[str, tuple[str, str]]] = {}

def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def choice_label(path: str, code: Any, lang: str = "zh") -> str:
    """The label of a choice code (``none`` of 贯标状态 → 未贯标); an unlabelled code is shown as is."""
    pair = CHOICE_LABELS.get(path, {}).get(str(code))
    return _pick(pair, lang) if pair else str(code)
