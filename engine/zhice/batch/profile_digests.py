"""Profile digests of table rows typed over columns: ``Profile.digest`` without a profile per row.

A profile's digest is the sha256 of its data as canonical JSON (:func:`zhice.profile.data_digest`:
sorted keys, no spaces, non-ASCII as is). Over a chunk's typed columns each field's
``"name":value`` text is written once per distinct value of its column (as ``json.dumps`` writes
the value the profile's data holds: dates as ISO text, lists) and a row's text is joined from them
in the sorted order of the keys; the digest of a row whose number cell the typed column keeps
rounded is taken from the row path's profile. ``tests/test_jsonl_columnar.py`` holds every line's
digest equal to the row path's.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from zhice.profile import FIELDS, data_digest

if TYPE_CHECKING:
    from zhice.batch.readers import Record

__all__ = ["Digests"]

_NUM = r"^-?[0-9]{1,15}(\.[0-9]{1,4})?$"      # a number cell whose value the typed column keeps exactly
_NUM_RE = re.compile(_NUM)
_TEXTS_KEPT = 20_000                           # JSON texts kept per field (bounded memory)


def _dumps(value: Any) -> str:
    """``value`` as :func:`zhice.profile.data_digest`'s canonical JSON writes it."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class Digests:
    """The profile digests of chunks of typed rows (one per line builder: it keeps the JSON texts
    of the values it has seen, per field)."""

    def __init__(self) -> None:
        self.sections = {path: (path.split(".", 1), FIELDS[path].type) for path in FIELDS}
        self._encoded: dict[str, dict[Any, str]] = {}      # per field: its values' JSON texts (_pieces)

    def digests(self, lists: dict[str, list[Any]], columns: dict[str, pl.Series],
                records: Sequence[tuple[Record, str | None]], n: int) -> list[str]:
        """Each row's profile digest (``Profile.digest``: its data as canonical JSON, as
        :func:`zhice.profile.data_digest` writes it), from the typed facts: each field's
        ``"name":value`` JSON text is written once per distinct value of its column and a row's
        text joined from them in the sorted order of the keys; a row whose number cell the typed
        column keeps rounded (more than 4 decimals, a spreadsheet's float) has its digest from the
        row path's profile instead."""
        exact = self._exact_numbers(columns, records, n)
        base = _base_data()
        # per section (sorted), the JSON texts of its fields' values (sorted by name), None where absent
        by_section: dict[str, list[tuple[str, list[str | None]]]] = {}
        for path in lists:
            (section, name), kind = self.sections[path]
            by_section.setdefault(section, []).append((name, self._pieces(path, name, kind, lists[path])))
        if any(isinstance(v, dict) and v for v in base.values()) or \
                any(not isinstance(base.get(s, {}), dict) for s in by_section):
            return self._digests_by_dict(lists, records, n, exact)     # not the shape written below
        parts: list[list[str | None]] = []
        for key in sorted(set(base) | set(by_section)):
            head = _dumps(key) + ":"
            if key not in by_section:
                parts.append([head + _dumps(base[key])] * n)
                continue
            cols = [pieces for _, pieces in sorted(by_section[key], key=lambda c: c[0])]
            always = key in base
            texts: list[str | None] = []
            for t in zip(*cols):
                body = ",".join(filter(None, t))
                texts.append(head + "{" + body + "}" if body or always else None)
            parts.append(texts)
        sha = hashlib.sha256
        out: list[str] = []
        for j, t in enumerate(zip(*parts)):
            if not exact[j]:
                out.append(_row_digest(records[j][0]))
                continue
            out.append("sha256:" + sha(("{" + ",".join(filter(None, t)) + "}").encode("utf-8")).hexdigest())
        return out

    def _pieces(self, path: str, name: str, kind: str, values: list[Any]) -> list[str | None]:
        """A column's ``"name":value`` texts (None where absent), the value as the profile's data
        holds it (dates as ISO text, lists) written as ``json.dumps`` writes it; each distinct value
        once (a zero float each time: 0.0 and -0.0 are equal keys but different texts)."""
        hit = self._encoded.get(path)
        if hit is None or len(hit) > _TEXTS_KEPT:
            hit = self._encoded[path] = {}
        cache = hit
        head = _dumps(name) + ":"

        def miss(v: Any) -> str:
            if kind == "date":
                text = head + _dumps(_iso(v))
            elif kind == "list":
                return head + _dumps(list(v))
            elif type(v) is float and v - v == 0:       # finite: json.dumps writes its repr
                text = head + float.__repr__(v)
            elif type(v) is int:
                text = head + int.__repr__(v)
            else:
                text = head + _dumps(v)
            if v == v and (v or type(v) is not float):    # not NaN, not a float zero
                cache[v] = text
            return text

        if kind == "list":
            return [None if v is None else miss(v) for v in values]
        get = cache.get
        return [None if v is None else get(v) or miss(v) for v in values]

    def _digests_by_dict(self, lists: dict[str, list[Any]], records: Sequence[tuple[Record, str | None]], n: int,
                         exact: list[bool]) -> list[str]:
        """:meth:`_digests` by building each row's data dict (a profile data shape the texts do not cover)."""
        base = _base_data()
        sections: dict[str, list[tuple[str, list[Any]]]] = {}
        for path in sorted(lists):
            (section, name), kind = self.sections[path]
            values = lists[path]
            if kind == "date":
                values = [None if v is None else _iso(v) for v in values]
            elif kind == "list":
                values = [None if v is None else list(v) for v in values]
            sections.setdefault(section, []).append((name, values))
        plan = [(section, cols, base.get(section) or {}) for section, cols in sections.items()]
        out: list[str] = []
        for j in range(n):
            if not exact[j]:
                out.append(_row_digest(records[j][0]))
                continue
            data = dict(base)
            for section, cols, fixed in plan:
                sec = {name: values[j] for name, values in cols if values[j] is not None}
                if sec or section in base:
                    data[section] = {**fixed, **sec} if fixed else sec
            out.append(data_digest(data))
        return out

    def _exact_numbers(self, columns: dict[str, pl.Series], records: Sequence[tuple[Record, str | None]],
                       n: int) -> list[bool]:
        """Per row: whether every number cell's typed value is the profile's own (not rounded)."""
        exact = [True] * n
        if not records:
            return exact
        header = records[0][0].header
        assert header is not None
        for i, path in enumerate(header.columns):
            if path is None or self.sections.get(path, (None, ""))[1] != "number" or path not in columns:
                continue
            cells = [rec.cells[i] if rec.cells is not None and i < len(rec.cells) else None for rec, _ in records]
            try:
                s = pl.Series(cells, dtype=pl.String)
                plain = (s.is_null() | (s == "") | s.str.contains(_NUM)).to_list()
            except Exception:  # noqa: BLE001 - not all text (XLSX cells)
                plain = [c is None or c == "" or (_NUM_RE.match(c) is not None if isinstance(c, str)
                                                  else type(c) in (int, float) and round(float(c), 4) == float(c))
                         for c in cells]
            for j, ok in enumerate(plain):
                if not ok:
                    exact[j] = False
        return exact


_BASE: dict[int, tuple[Any, dict[str, Any]]] = {}


def _base_data() -> dict[str, Any]:
    """What ``Profile.data`` gives of a profile before its fields: the schema version and every
    section the model always holds (empty), found from a profile with only a name (per catalogue)."""
    from zhice.profile import active_catalogue

    cat = active_catalogue()
    hit = _BASE.get(id(cat))
    if hit is None or hit[0] is not cat:
        from zhice.profile.loading import profile_from_fields

        data = profile_from_fields({"enterprise": {"name": "x"}}).data()
        data["enterprise"].pop("name")
        hit = _BASE[id(cat)] = (cat, data)
    return hit[1]


_ISO: dict[int, str] = {}


def _iso(ordinal: int) -> str:
    got = _ISO.get(ordinal)
    if got is None:
        import datetime as dt

        got = _ISO[ordinal] = dt.date.fromordinal(ordinal).isoformat()
    return got


def _row_digest(record: Record) -> str:
    from zhice.batch.readers import record_profile

    profile = record_profile(record)
    assert not hasattr(profile, "code"), profile        # the column checks took this row: so does the row path
    return profile.digest()                              # type: ignore[union-attr]
