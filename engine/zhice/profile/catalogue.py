"""The field catalogue: the profile's sections and fields as data (``rulebooks/_meta/fields.yml``).

The catalogue holds every field name, kind, Chinese title, unit, bound and choice label; the engine
holds only what a *kind* means (:data:`KINDS`) and the generic checks attached to kinds (a credit
code's check digit, a founding date not after the evaluation date, the strict value coercion of
:mod:`zhice.values`). A rulebooks folder with its own ``_meta/fields.yml`` is served with that
catalogue (:func:`catalogue_for`); another province replaces the file, not the code.

The file is checked as a rulebook is: every problem is collected with its file, line and path
(:class:`~zhice.errors.RulebookError`, exit 3 at the command line; ``zhice lint`` lists them).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from zhice.errors import Problem, RulebookError, did_you_mean
from zhice.language import pick
from zhice.yamlio import Loaded, load_file

__all__ = ["CATALOGUE_FILE", "IDENTITY", "KINDS", "Catalogue", "FieldDef", "FieldSpec", "FieldType", "Section",
           "catalogue_at", "catalogue_for", "load_catalogue", "shipped_catalogue", "shipped_catalogue_file"]

CATALOGUE_FILE = Path("_meta") / "fields.yml"

FieldType = Literal["integer", "number", "boolean", "string", "date", "enum", "list"]

#: kind → (registry type, default unit, default minimum, default maximum)
KINDS: dict[str, tuple[FieldType, str | None, float | None, float | None]] = {
    "boolean": ("boolean", None, None, None),
    "count": ("integer", None, 0, None),
    "money": ("number", "万元", 0, None),
    "percent": ("number", "%", 0, 100),
    "number": ("number", None, None, None),
    "date": ("date", None, None, None),
    "founding_date": ("date", None, None, None),
    "text": ("string", None, None, None),
    "credit_code": ("string", None, None, None),
    "choice": ("enum", None, None, None),
    "codes": ("list", None, None, None),
}

_FIELD_KEYS = ("kind", "title", "unit", "min", "max", "required", "pattern", "choices", "type_name", "description")
_TOP_KEYS = ("version", "title", "sections", "derived")
#: the enterprise's identity: the result contract reports it (``"profile": {"name", "credit_code", …}``), so
#: every catalogue has these two fields (and may name them in any words)
IDENTITY = {"enterprise.name": "text", "enterprise.credit_code": "credit_code"}
_CODE = "bad-field-catalogue"   # the problem code of every problem of a catalogue file
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class FieldSpec:
    """What the engine knows of one profile field (or a derived fact, or an operand's type)."""

    path: str
    title: str
    type: FieldType
    unit: str | None = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    kind: str | None = None   # the catalogue's kind (count, money, …); None for what is not a profile field

    @property
    def numeric(self) -> bool:
        return self.type in ("integer", "number")


@dataclass(frozen=True)
class FieldDef:
    """One catalogue entry: the registry's :class:`FieldSpec` plus what only the model needs."""

    name: str
    spec: FieldSpec
    required: bool = False
    pattern: str | None = None
    type_name: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[FieldDef, ...]

    @property
    def class_name(self) -> str:
        return _camel(self.key)

    @property
    def required(self) -> bool:
        return any(f.required for f in self.fields)


@dataclass
class Catalogue:
    """A loaded field catalogue: its sections, the field registry and the choice labels."""

    file: str
    digest: str
    title: str
    sections: tuple[Section, ...]
    labels: dict[str, dict[str, tuple[str, str]]]   # {path: {code: (zh, en)}}, derived facts included
    fields: dict[str, FieldSpec] = field(init=False)
    model: Any = field(default=None, init=False, repr=False, compare=False)   # zhice.profile.model.model_of
    schema_model: Any = field(default=None, init=False, repr=False, compare=False)   # … .schema_model
    path: str = field(default="", init=False, compare=False)   # the file, absolute (a pickled profile names it)

    def __post_init__(self) -> None:
        self.fields = {f"{s.key}.{f.name}": f.spec for s in self.sections for f in s.fields}

    def of_kind(self, *kinds: str) -> list[str]:
        """The paths of the fields of these kinds, in catalogue order."""
        return [p for p, s in self.fields.items() if s.kind in kinds]

def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


class _Reader:
    """Checks one catalogue document, collecting every problem."""

    def __init__(self, loaded: Loaded, file: str):
        self.loaded, self.file = loaded, file
        self.problems: list[Problem] = []
        self.titles: dict[str, str] = {}

    def bad(self, path: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(_CODE, message, self.file, self.loaded.line_of(path), path, hint))

    def keys(self, data: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.bad(f"{where}.{key}" if where else key, pick(f"不认识的键 '{key}'", f"unknown key '{key}'"),
                         did_you_mean(key, allowed) or pick(f"应为以下之一：{', '.join(allowed)}",
                                                            f"expected one of {', '.join(allowed)}"))

    def text(self, value: Any, path: str, what: str) -> str | None:
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.bad(path, pick(f"{what}应为非空文字，实为 {value!r}", f"{what} must be non-empty text, found {value!r}"))
        return None

    def bound(self, entry: dict[str, Any], key: str, default: float | None, path: str) -> float | None:
        if key not in entry:
            return default
        value = entry[key]
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.bad(f"{path}.{key}", pick(f"'{key}' 应为数字或 null，实为 {value!r}", f"'{key}' must be a number or null, found {value!r}"))
            return default
        return value

    def choices(self, value: Any, path: str) -> dict[str, tuple[str, str]]:
        if not isinstance(value, dict) or not value:
            self.bad(path, pick("选项字段要有 'choices'：{代码: [中文标签, English label]}",
                                "a choice field needs 'choices': {code: [中文标签, English label]}"))
            return {}
        out: dict[str, tuple[str, str]] = {}
        for code, labels in value.items():
            if not (isinstance(labels, list) and len(labels) == 2 and all(isinstance(x, str) and x for x in labels)):
                self.bad(f"{path}.{code}", pick(f"选项 '{code}' 要有两个标签 [中文, English]，实为 {labels!r}",
                                                f"choice '{code}' needs two labels [中文, English], found {labels!r}"))
                continue
            out[str(code)] = (labels[0], labels[1])
        return out

    def field(self, section: str, name: str, entry: Any, labels: dict[str, dict[str, tuple[str, str]]]
              ) -> FieldDef | None:
        where = f"sections.{section}.fields.{name}"
        path = f"{section}.{name}"
        if not _NAME.match(name):
            self.bad(where, pick(f"字段名 '{name}' 应由小写字母、数字和下划线组成（lower_snake_case）",
                                 f"field name '{name}' must be lower_snake_case letters and digits"))
        if not isinstance(entry, dict):
            self.bad(where, pick(f"字段 '{path}' 应为映射 {{kind: …, title: …}}，实为 {entry!r}",
                                 f"field '{path}' must be a mapping {{kind: …, title: …}}, found {entry!r}"))
            return None
        self.keys(entry, _FIELD_KEYS, where)
        kind = entry.get("kind")
        if kind not in KINDS:
            self.bad(f"{where}.kind", pick(f"字段 '{path}' 的类型 {kind!r} 不存在", f"unknown kind {kind!r} of field '{path}'"),
                     did_you_mean(str(kind), list(KINDS)) or pick(f"类型有：{', '.join(KINDS)}", f"kinds: {', '.join(KINDS)}"))
            return None
        title = self.text(entry.get("title"), f"{where}.title", pick(f"'{path}' 的标题", f"the title of '{path}'"))
        if title is None:
            return None
        if title in self.titles:
            self.bad(f"{where}.title", pick(f"标题 '{title}' 也是 '{self.titles[title]}' 的标题",
                                            f"title '{title}' is also the title of '{self.titles[title]}'"),
                     pick("标题用作表格的列名：每个字段要有自己的标题", "titles name spreadsheet columns: every field needs its own"))
        self.titles.setdefault(title, path)
        ftype, unit, lo, hi = KINDS[kind]
        unit = entry.get("unit", unit)
        if unit is not None and not (isinstance(unit, str) and unit):
            self.bad(f"{where}.unit", pick(f"'unit' 应为文字，实为 {unit!r}", f"'unit' must be text, found {unit!r}"))
            unit = None
        if ftype in ("integer", "number"):
            lo, hi = self.bound(entry, "min", lo, where), self.bound(entry, "max", hi, where)
            if lo is not None and hi is not None and lo > hi:
                self.bad(where, pick(f"min {lo} 大于 max {hi}", f"min {lo} is above max {hi}"))
        else:
            for key in ("min", "max"):
                if key in entry:
                    self.bad(f"{where}.{key}", pick(f"'{key}' 只用于数值类型，不用于 {kind}",
                                                    f"'{key}' applies to numeric kinds only, not to {kind}"))
        pattern = entry.get("pattern")
        if pattern is not None:
            if kind not in ("text", "codes") or not isinstance(pattern, str):
                self.bad(f"{where}.pattern", pick(f"'pattern' 是文字，只用于 text 和 codes，不用于 {kind}",
                                                  f"'pattern' is text and applies to text and codes, not to {kind}"))
                pattern = None
            else:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    self.bad(f"{where}.pattern", pick(f"pattern {pattern!r} 不是正则表达式：{exc}",
                                                      f"pattern {pattern!r} is not a regular expression: {exc}"))
                    pattern = None
        required = entry.get("required", False)
        if required not in (True, False) or (required and kind != "text"):
            self.bad(f"{where}.required", pick("'required: true' 只用于一个文字字段（每份画像都要有的那个）",
                                               "'required: true' applies to a text field only (the one every profile needs)"))
            required = False
        codes: tuple[str, ...] = ()
        if kind == "choice":
            labels[path] = self.choices(entry.get("choices"), f"{where}.choices")
            codes = tuple(labels[path])
        elif "choices" in entry:
            self.bad(f"{where}.choices", pick(f"'choices' 只用于选项字段，不用于 {kind}",
                                              f"'choices' applies to a choice field only, not to {kind}"))
        for key in ("type_name", "description"):
            if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
                self.bad(f"{where}.{key}", pick(f"'{key}' 应为文字，实为 {entry[key]!r}", f"'{key}' must be text, found {entry[key]!r}"))
        spec = FieldSpec(path, title, ftype, unit, codes, lo, hi, kind)
        return FieldDef(name, spec, bool(required), pattern, entry.get("type_name") if kind == "choice" else None,
                        entry.get("description"))

    def section(self, key: str, value: Any, labels: dict[str, dict[str, tuple[str, str]]]) -> Section | None:
        where = f"sections.{key}"
        if not _NAME.match(key) or key == "schema_version":
            self.bad(where, pick(f"节名 '{key}' 应由小写字母、数字和下划线组成（不能是 schema_version）",
                                 f"section name '{key}' must be lower_snake_case letters and digits (not schema_version)"))
        if not isinstance(value, dict):
            self.bad(where, pick(f"节 '{key}' 应为映射 {{title: …, fields: …}}", f"section '{key}' must be a mapping {{title: …, fields: …}}"))
            return None
        self.keys(value, ("title", "fields"), where)
        title = self.text(value.get("title"), f"{where}.title", pick(f"节 '{key}' 的标题", f"the title of section '{key}'"))
        fields = value.get("fields")
        if not isinstance(fields, dict) or not fields:
            self.bad(f"{where}.fields", pick(f"节 '{key}' 要有 'fields'：字段名的映射", f"section '{key}' needs 'fields': a mapping of field names"))
            return None
        defs = [d for name, entry in fields.items() if (d := self.field(key, str(name), entry, labels)) is not None]
        return Section(key, title or key, tuple(defs))

    def read(self) -> Catalogue | None:
        data = self.loaded.data
        if not isinstance(data, dict):
            self.bad("", pick("字段目录应为带 'sections' 的映射", "a field catalogue is a mapping with 'sections'"),
                     pick("参照随附的 rulebooks/_meta/fields.yml", "see the shipped rulebooks/_meta/fields.yml"))
            return None
        self.keys(data, _TOP_KEYS, "")
        if data.get("version") != 1:
            self.bad("version", pick(f"字段目录的 version 应为 1，实为 {data.get('version')!r}",
                                     f"catalogue version must be 1, found {data.get('version')!r}"))
        title = self.text(data.get("title"), "title", pick("字段目录的标题", "the catalogue's title")) or ""
        sections = data.get("sections")
        if not isinstance(sections, dict) or not sections:
            self.bad("sections", pick("'sections' 应把节名映射到 {title, fields}", "'sections' must map section names to {title, fields}"))
            return None
        labels: dict[str, dict[str, tuple[str, str]]] = {}
        parts = [s for key, value in sections.items() if (s := self.section(str(key), value, labels)) is not None]
        if not any(s.required for s in parts):
            self.bad("sections", pick("没有 'required: true' 的字段：每份画像都要有一个为它命名的字段",
                                      "no field is 'required: true': every profile needs one field that names it"))
        known = {f"{s.key}.{d.name}": d for s in parts for d in s.fields}
        for path, kind in IDENTITY.items():
            d = known.get(path)
            if d is None or d.spec.kind != kind or (kind == "text" and not d.required):
                need = f"{kind}, required: true" if kind == "text" else kind
                self.bad("sections", pick(f"每个字段目录都要有 '{path}'（{need}）：结果以它标明企业",
                                          f"every catalogue needs '{path}' ({need}): the results name the enterprise by it"))
        derived = data.get("derived", {})
        if not isinstance(derived, dict):
            self.bad("derived", pick("'derived' 应把推导事实映射到其选项标签 {代码: [中文, English]}",
                                     "'derived' maps a derived fact to its choice labels {code: [中文, English]}"))
        else:
            for name, value in derived.items():
                labels[f"derived.{name}"] = self.choices(value, f"derived.{name}")
        return Catalogue(self.file, "", title, tuple(parts), labels)


def load_catalogue(path: str | Path, shown: str | None = None) -> Catalogue:
    """Load and check a field catalogue file. Raises :class:`RulebookError` with every problem."""
    path = Path(path)
    file = shown or str(path)
    loaded = load_file(path)
    if loaded.problems:
        raise RulebookError([Problem(_CODE, p.message, file, p.line, p.path, p.hint) for p in loaded.problems])
    reader = _Reader(loaded, file)
    cat = reader.read()
    if reader.problems or cat is None:
        raise RulebookError(reader.problems)
    cat.digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    cat.path = str(path.resolve())
    return cat


def shipped_catalogue_file() -> Path:
    """The shipped catalogue: beside the shipped rulebooks (a checkout or an installed wheel)."""
    package = Path(__file__).resolve().parent.parent     # engine/zhice/
    for rulebooks in (package / "_rulebooks", package.parent.parent / "rulebooks"):
        if (rulebooks / CATALOGUE_FILE).is_file():
            return rulebooks / CATALOGUE_FILE
    return package.parent.parent / "rulebooks" / CATALOGUE_FILE


_LOADED: dict[tuple[str, int, int], Catalogue] = {}


def _cached(path: Path, shown: str | None = None) -> Catalogue:
    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    if key not in _LOADED:
        _LOADED[key] = load_catalogue(path, shown)
    return _LOADED[key]


def catalogue_at(path: str | Path) -> Catalogue:
    """The catalogue in the file ``path`` (loaded once while the file is unchanged)."""
    return _cached(Path(path))


def shipped_catalogue() -> Catalogue:
    return _cached(shipped_catalogue_file())


def catalogue_for(root: str | Path, shown: str | None = None) -> Catalogue:
    """The catalogue of a rulebooks folder: its own ``_meta/fields.yml``, else the shipped one."""
    own = Path(root) / CATALOGUE_FILE
    return _cached(own, shown) if own.is_file() else shipped_catalogue()
