"""Lint checks for rules in force: citations a policy officer can follow, and criteria that never
turn missing data into a wrong answer.

Run by ``zhice lint`` (one call from :mod:`zhice.lint`); codes documented in ``docs/lint-codes.md``:

- ``source-url-scheme`` (error): a source's ``url`` or ``read_at`` entry is not an http(s) address;
- ``blocked-domain`` (error): a source cites, anywhere (``url``, ``read_at``, ``note``), a site with
  no standing for the policy;
- ``official-off-domain`` (error): an ``official`` source's ``url`` is not on an issuer's domain;
- ``url-not-issuer`` (warning): another source's ``url`` is not on an issuer's domain (a repost
  belongs in ``read_at``);
- ``unknown-as-unmet`` (warning): an ``exists`` test inside a criterion or scope condition turns
  missing data into "unmet" / "not applicable" instead of unknown;
- ``dated-overlap`` (error): two dated versions of one criterion are in force on the same day;
- ``unknown-successor`` (error): ``effective.successor`` names no rulebook that starts the day after
  ``effective.to``; with a valid successor the ``expired`` warning of :mod:`zhice.lint` is not given
  (a rulebook whose ``effective.to`` has passed with no successor stays an ``expired`` warning);
- ``bad-domains-file`` (error): the domain list cannot be read.

The domain lists are data: ``_meta/domains.yml`` beside the rulebooks (the shipped list when a
rulebooks directory has none).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from zhice.errors import Problem
from zhice.rulebook import AllOf, AnyOf, Compare, Effective, Element, NotOf, Rulebook, RulebookSet, display_path
from zhice.rulebook_words import say
from zhice.yamlio import load_file

__all__ = ["DOMAINS_FILE", "Domains", "ERROR_CODES", "WARNING_CODES", "check", "has_successor", "load_domains"]

#: where the domain lists live, relative to a rulebooks directory
DOMAINS_FILE = Path("_meta") / "domains.yml"
#: codes of this module reported as warnings (the others are errors)
WARNING_CODES = frozenset({"url-not-issuer", "unknown-as-unmet"})
#: codes of this module reported as errors
#: (``bad-domains-file``, an error of the domain list itself, is not a rulebook finding)
ERROR_CODES = ("source-url-scheme", "blocked-domain", "official-off-domain", "dated-overlap", "unknown-successor")

_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'`，。；、）)]+", re.IGNORECASE)


@dataclass(frozen=True)
class Domains:
    """The official (issuer) and blocked domain lists."""

    official: tuple[str, ...]
    blocked: tuple[str, ...]

    @staticmethod
    def _on(host: str, domains: tuple[str, ...]) -> str | None:
        host = host.lower().rstrip(".")
        return next((d for d in domains if host == d or host.endswith("." + d)), None)

    def is_official(self, host: str) -> bool:
        return self._on(host, self.official) is not None

    def blocked_by(self, host: str) -> str | None:
        return self._on(host, self.blocked)


def _shipped_domains_file() -> Path:
    from zhice.pipeline import shipped_path

    return shipped_path("rulebooks") / DOMAINS_FILE


def load_domains(root: Path) -> tuple[Domains | None, list[Problem]]:
    """The domain lists for the rulebooks under ``root`` (or the shipped ones), with any problems."""
    path = root / DOMAINS_FILE
    if not path.is_file():
        path = _shipped_domains_file()
    loaded = load_file(path)
    shown = display_path(path)
    if loaded.problems:
        return None, [Problem("bad-domains-file", p.message, shown, p.line, p.path, p.hint) for p in loaded.problems]
    data = loaded.data
    problems: list[Problem] = []
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("official", "blocked"):
        items = data.get(key) if isinstance(data, dict) else None
        if not isinstance(items, list):
            problems.append(Problem("bad-domains-file", say("domains-list", key=key), shown,
                                    loaded.line_of(key) if isinstance(data, dict) else 1, key))
            continue
        names = []
        for i, item in enumerate(items):
            name = item.get("domain") if isinstance(item, dict) else None
            if not isinstance(name, str) or not name.strip() or "/" in name:
                problems.append(Problem("bad-domains-file", say("domains-entry", key=key, i=i), shown,
                                        loaded.line_of(f"{key}.{i}"), f"{key}.{i}"))
                continue
            names.append(name.strip().lower().lstrip("."))
        lists[key] = tuple(names)
    if problems:
        return None, problems
    return Domains(lists["official"], lists["blocked"]), []


class _Checker:
    def __init__(self, books: RulebookSet, as_of: dt.date, domains: Domains):
        self.books = books
        self.as_of = as_of
        self.domains = domains
        self.problems: list[Problem] = []

    def add(self, book: Rulebook, path: str, code: str, message: str, hint: str | None = None) -> None:
        file = self.books.files.get(book.id)
        self.problems.append(Problem(code, message, display_path(file) if file else book.id,
                                     self.books.line(book.id, path), path, hint))

    # -- citations
    def _host(self, book: Rulebook, path: str, url: str) -> str | None:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            self.add(book, path, "source-url-scheme", say("url-scheme", url=url), say("url-scheme.hint"))
            return None
        return parts.hostname

    def _blocked(self, book: Rulebook, path: str, host: str) -> bool:
        hit = self.domains.blocked_by(host)
        if hit:
            self.add(book, path, "blocked-domain", say("blocked-domain", host=host, hit=hit), say("blocked-domain.hint"))
        return bool(hit)

    def sources(self, book: Rulebook) -> None:
        for i, s in enumerate(book.sources):
            where = f"sources.{i}"
            for j, repost in enumerate(s.read_at):
                host = self._host(book, f"{where}.read_at.{j}", repost)
                if host:
                    self._blocked(book, f"{where}.read_at.{j}", host)
            for text_key in ("note", "document", "section"):
                for found in _URL_IN_TEXT.findall(getattr(s, text_key) or ""):
                    host = urlsplit(found).hostname
                    if host:
                        self._blocked(book, f"{where}.{text_key}", host)
            if not s.url:
                continue
            host = self._host(book, f"{where}.url", s.url)
            if host is None or self._blocked(book, f"{where}.url", host):
                continue
            if self.domains.is_official(host):
                continue
            if s.confidence == "official":
                self.add(book, f"{where}.url", "official-off-domain", say("official-off-domain", id=s.id, host=host),
                         say("official-off-domain.hint"))
            else:
                self.add(book, f"{where}.url", "url-not-issuer", say("url-not-issuer", id=s.id, host=host),
                         say("url-not-issuer.hint"))

    # -- criteria
    def unknown_as_unmet(self, book: Rulebook) -> None:
        for part, items in (("scope", book.scope), ("criteria", book.criteria)):
            for i, el in enumerate(items):
                for path, leaf in _exists_leaves(el.when, f"{part}.{i}.when"):
                    self.add(book, path, "unknown-as-unmet",
                             say("unknown-as-unmet", part=part, id=el.id, field=leaf.field or leaf.ratio),
                             say("unknown-as-unmet.hint"))

    def dated_overlap(self, book: Rulebook) -> None:
        for part, items in (("scope", book.scope), ("criteria", book.criteria)):
            seen: dict[str, list[tuple[int, Element]]] = {}
            for i, el in enumerate(items):
                for j, other in seen.get(el.id, []):
                    if _overlap(el.effective, other.effective):
                        self.add(book, f"{part}.{i}.effective", "dated-overlap",
                                 say("dated-overlap", part=part, id=el.id, i=i, j=j), say("dated-overlap.hint"))
                seen.setdefault(el.id, []).append((i, el))

    def successor(self, book: Rulebook) -> None:
        name = book.effective.successor
        if name is None:
            return
        nxt = self.books.by_id().get(name)
        if nxt is None or nxt.id == book.id:
            self.add(book, "effective.successor", "unknown-successor", say("successor-unknown", name=name),
                     say("successor-unknown.hint"))
        elif book.effective.to is None:
            self.add(book, "effective.successor", "unknown-successor", say("successor-no-end", name=name),
                     say("successor-no-end.hint"))
        elif not has_successor(self.books, book):
            self.add(book, "effective.successor", "unknown-successor",
                     say("successor-gap", name=name, start=nxt.effective.from_, to=book.effective.to),
                     say("successor-gap.hint"))


def has_successor(books: RulebookSet, book: Rulebook) -> bool:
    """Whether another rulebook of ``books`` (``effective.successor``) takes over the day after ``effective.to``."""
    to = book.effective.to
    nxt = books.by_id().get(book.effective.successor or "")
    if to is None or nxt is None or nxt.id == book.id:
        return False
    start = nxt.effective.from_ or dt.date.min
    return start <= to + dt.timedelta(days=1) and nxt.effective.contains(to + dt.timedelta(days=1))


def _exists_leaves(cond: Any, path: str) -> list[tuple[str, Compare]]:
    if isinstance(cond, Compare):
        return [(path, cond)] if cond.op == "exists" else []
    if isinstance(cond, AllOf):
        return [x for i, c in enumerate(cond.all) for x in _exists_leaves(c, f"{path}.all.{i}")]
    if isinstance(cond, AnyOf):
        return [x for i, c in enumerate(cond.any) for x in _exists_leaves(c, f"{path}.any.{i}")]
    if isinstance(cond, NotOf):
        return _exists_leaves(cond.not_, f"{path}.not")
    return []


def _overlap(a: Effective | None, b: Effective | None) -> bool:
    lo_a, hi_a = (a.from_ if a else None) or dt.date.min, (a.to if a else None) or dt.date.max
    lo_b, hi_b = (b.from_ if b else None) or dt.date.min, (b.to if b else None) or dt.date.max
    return lo_a <= hi_b and lo_b <= hi_a


def check(books: RulebookSet, as_of: dt.date) -> list[Problem]:
    """Every finding of these checks over a loaded rulebook set, as of ``as_of``."""
    domains, problems = load_domains(Path(books.root))
    for book in books.books:
        c = _Checker(books, as_of, domains or Domains((), ()))
        if domains is not None:
            c.sources(book)
        if book.kind != "derivation":
            c.unknown_as_unmet(book)
        c.dated_overlap(book)
        c.successor(book)
        problems += c.problems
    return problems
