"""The pydantic models of a field catalogue: one per section and one :class:`Profile`.

Built on first use (:func:`model_of`), not at import, and twice over: :func:`fast_model` validates
(its pydantic-core schema written out from the catalogue, ~5 ms), :func:`build_model`'s classes with
pydantic fields give the JSON Schema (built only when a schema is asked for). Each field's type comes
from its kind: the strict coercion of :func:`zhice.values.coerce` for booleans, numbers and dates, the bounds
and pattern of the catalogue, the check digit of a ``credit_code``, upper-casing of ``codes``.
Nothing here knows a field by name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from enum import Enum
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, GetCoreSchemaHandler, PrivateAttr, create_model
from pydantic_core import CoreSchema, SchemaSerializer, SchemaValidator, core_schema

from zhice.language import pick
from zhice.profile.catalogue import Catalogue, FieldDef, catalogue_at
from zhice.profile.registry import active_catalogue
from zhice.values import check_credit_code, coerce

__all__ = ["BeforeCoercion", "Profile", "build_model", "data_digest", "fast_model", "model_of", "schema_model"]


def data_digest(data: dict[str, Any]) -> str:
    """A profile's digest from its data (:meth:`Profile.data`): sha256 of the canonical JSON."""
    canon = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canon.encode("utf-8")).hexdigest()


class Profile(BaseModel):
    """An enterprise profile. Sections may be omitted; every field in them is then unknown."""

    # The base of every catalogue's model (``isinstance(p, Profile)`` holds for each); called on
    # the base itself, construction, validation and the JSON Schema use the catalogue in use.

    # built on first use (a validated profile uses fast_model's validator, never this class's)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    # the file and line map the profile was loaded from, to place problems found later (check_as_of)
    _origin: tuple[str | None, Any] = PrivateAttr(default=(None, None))
    # set on each built model: its catalogue and, per section, {field name: dotted path}
    __zhice_catalogue__: ClassVar[Any] = None
    __zhice_paths__: ClassVar[tuple[tuple[str, dict[str, str]], ...]] = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # ``Profile(enterprise=…)`` builds a profile of the catalogue in use
        return super().__new__(model_of(active_catalogue()) if cls is Profile else cls)

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Validate ``obj``; on :class:`Profile` itself, with the model of the catalogue in use."""
        if cls is Profile:
            return model_of(active_catalogue()).model_validate(obj, *args, **kwargs)
        return super().model_validate(obj, *args, **kwargs)

    @classmethod
    def model_validate_json(cls, data: Any, *args: Any, **kwargs: Any) -> Any:
        """Validate JSON text; on :class:`Profile` itself, with the model of the catalogue in use."""
        if cls is Profile:
            return model_of(active_catalogue()).model_validate_json(data, *args, **kwargs)
        return super().model_validate_json(data, *args, **kwargs)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The JSON Schema; on :class:`Profile` itself, that of the catalogue in use."""
        if cls is Profile:
            return model_of(active_catalogue()).model_json_schema(*args, **kwargs)
        if not cls.__pydantic_fields__ and cls.__zhice_catalogue__ is not None:   # the fast model
            return schema_model(cls.__zhice_catalogue__).model_json_schema(*args, **kwargs)
        schema = super().model_json_schema(*args, **kwargs)
        if cls.__zhice_catalogue__ is not None:
            schema["title"] = cls.__zhice_catalogue__.title
        return schema

    def __reduce__(self) -> tuple[Any, ...]:
        # a built model lives in no module: a profile pickles as its catalogue file and its data
        return _unpickle, (type(self).__zhice_catalogue__.path, self.data())

    def __repr_args__(self) -> Any:
        return [(k, v) for k, v in self.__dict__.items()]   # the fast model has no pydantic fields to list

    def facts(self) -> dict[str, Any]:
        """Known fields as ``{dotted path: value}``; unknown fields are absent."""
        out: dict[str, Any] = {}
        for section, paths in self.__zhice_paths__:
            for name, value in getattr(self, section).__dict__.items():   # the fields, in order
                if value is not None:
                    out[paths[name]] = value.value if isinstance(value, Enum) else value
        return out

    def data(self) -> dict[str, Any]:
        """The profile as plain JSON-ready data with unknown fields left out."""
        return self.model_dump(mode="json", exclude_none=True)

    def digest(self) -> str:
        return data_digest(self.data())


_SECTION_CONFIG = ConfigDict(extra="forbid", validate_assignment=True, frozen=True)


def _credit_code(title: str, value: str | None) -> str | None:
    if value is None:
        return value
    value = value.strip().upper()
    reason = check_credit_code(value)
    if reason:
        raise ValueError(pick(f"{title}无效：{reason}", f"invalid {title}: {reason}"))
    return value


def _upper_items(value: Any) -> Any:
    if isinstance(value, list):
        return [x.strip().upper() if isinstance(x, str) else x for x in value]
    return value


class BeforeCoercion:
    """A before-validator as pydantic's ``BeforeValidator``, without inspecting the function's
    signature for every field (most of the time a model build took)."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[Any], Any]):
        self.fn = fn

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self.fn, handler(source))


# the strictly coerced kinds (zhice.values.coerce) and their Python types, one annotation each
_COERCED = {
    "boolean": Annotated[bool | None, BeforeCoercion(partial(coerce, "boolean"))],
    "integer": Annotated[int | None, BeforeCoercion(partial(coerce, "integer"))],
    "number": Annotated[float | None, BeforeCoercion(partial(coerce, "number"))],
    "date": Annotated[dt.date | None, BeforeCoercion(partial(coerce, "date"))],
}


def _choice(d: FieldDef, module: str) -> type[Enum]:
    name = d.type_name or "".join(p[:1].upper() + p[1:] for p in d.name.split("_"))
    enum = Enum(name, [(c, c) for c in d.spec.choices], type=str, module=module)  # type: ignore[misc]
    enum.__doc__ = d.description   # the schema's description of the choice (none when not given)
    return enum


def _field(d: FieldDef, module: str) -> tuple[Any, Any]:
    spec = d.spec
    extra = {"unit": spec.unit} if spec.unit else None
    kw: dict[str, Any] = {"title": spec.title, "json_schema_extra": extra}
    if spec.minimum is not None:
        kw["ge"] = spec.minimum
    if spec.maximum is not None:
        kw["le"] = spec.maximum
    if spec.type == "string":
        ann: Any = str if d.required else str | None
        if d.pattern:
            kw["pattern"] = d.pattern
        if spec.kind == "credit_code":
            ann = Annotated[ann, AfterValidator(partial(_credit_code, spec.title))]
    elif spec.type == "enum":
        ann = _choice(d, module) | None
    elif spec.type == "list":
        item = Annotated[str, Field(pattern=d.pattern)] if d.pattern else str
        ann = Annotated[list[item] | None, BeforeCoercion(_upper_items)]   # type: ignore[valid-type]
    else:
        ann = _COERCED[spec.type]
    if d.required:
        return ann, Field(min_length=1, **kw)
    return ann, Field(default=None, **kw)


def build_model(cat: Catalogue) -> type[Profile]:
    """The :class:`Profile` model of ``cat``: a model per section, sections in catalogue order."""
    module = __name__
    fields: dict[str, Any] = {"schema_version": (Literal[1], Field(default=1, title="画像格式版本"))}
    for section in cat.sections:
        model = create_model(section.class_name, __config__=_SECTION_CONFIG, __module__=module,
                             **{d.name: _field(d, module) for d in section.fields})
        info = Field(title=section.title) if section.required else Field(default_factory=model, title=section.title)
        fields[section.key] = (model, info)
    profile = create_model("Profile", __base__=Profile, __module__=module, __doc__=Profile.__doc__, **fields)
    profile.__zhice_catalogue__ = cat
    profile.__zhice_paths__ = tuple((s.key, {d.name: f"{s.key}.{d.name}" for d in s.fields}) for s in cat.sections)
    return profile


# ---- the fast model: its pydantic-core schema written out from the catalogue ---------------------
# pydantic's schema generation costs ~0.3 ms a field (~50 ms for the catalogue); the validator and
# serializer it would make are built here directly from the same core schema it generates for
# build_model's annotations, on classes without pydantic fields. build_model's classes are still
# made, on demand, for the JSON Schema; a test keeps the two validating alike.

_FAST_CONFIG = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _Section(BaseModel):
    """The base of the fast model's sections."""

    model_config = _FAST_CONFIG

    def __repr_args__(self) -> Any:
        return [(k, v) for k, v in self.__dict__.items() if v is not None]   # the known fields

_KIND_SCHEMA: dict[str, Callable[..., CoreSchema]] = {
    "boolean": core_schema.bool_schema, "integer": core_schema.int_schema, "number": core_schema.float_schema,
    "date": core_schema.date_schema,
}


def _field_schema(d: FieldDef, module: str) -> CoreSchema:
    spec = d.spec
    if spec.type == "string":
        text = core_schema.str_schema(pattern=d.pattern, min_length=1 if d.required else None)
        if d.required:
            return text
        schema = core_schema.nullable_schema(text)
        if spec.kind == "credit_code":
            schema = core_schema.no_info_after_validator_function(partial(_credit_code, spec.title), schema)
    elif spec.type == "enum":
        enum = _choice(d, module)
        schema = core_schema.nullable_schema(core_schema.enum_schema(enum, list(enum.__members__.values()),
                                                                     sub_type="str"))
    elif spec.type == "list":
        item = core_schema.str_schema(pattern=d.pattern)
        schema = core_schema.no_info_before_validator_function(
            _upper_items, core_schema.nullable_schema(core_schema.list_schema(item)))
    else:
        bounds = {} if spec.type in ("boolean", "date") else {"ge": spec.minimum, "le": spec.maximum}
        schema = core_schema.no_info_before_validator_function(
            partial(coerce, spec.type), core_schema.nullable_schema(_KIND_SCHEMA[spec.type](**bounds)))
    return core_schema.with_default_schema(schema, default=None)


def _install(cls: type[BaseModel], fields: dict[str, CoreSchema], post_init: str | None = None) -> CoreSchema:
    inner = core_schema.model_fields_schema({k: core_schema.model_field(v) for k, v in fields.items()},
                                            model_name=cls.__name__, extra_behavior="forbid")
    schema = core_schema.model_schema(cls, inner, post_init=post_init,
                                      config=core_schema.CoreConfig(title=cls.__name__, extra_fields_behavior="forbid"))
    cls.__pydantic_core_schema__ = schema
    cls.__pydantic_validator__ = SchemaValidator(schema)   # type: ignore[assignment]
    cls.__pydantic_serializer__ = SchemaSerializer(schema)
    cls.__pydantic_complete__ = True
    return schema


def fast_model(cat: Catalogue) -> type[Profile]:
    """The :class:`Profile` model of ``cat`` that validates: a class per section, its validator and
    serializer made from the core schema of :func:`build_model`'s classes, written out directly."""
    module = __name__
    fields: dict[str, CoreSchema] = {"schema_version": core_schema.with_default_schema(
        core_schema.literal_schema([1]), default=1)}
    for section in cat.sections:
        cls = type(section.class_name, (_Section,), {"__module__": module})
        schema = _install(cls, {d.name: _field_schema(d, module) for d in section.fields})
        fields[section.key] = (schema if section.required
                               else core_schema.with_default_schema(schema, default_factory=cls))
    profile = type("Profile", (Profile,), {"model_config": _FAST_CONFIG, "__module__": module,
                                           "__doc__": Profile.__doc__})
    _install(profile, fields, post_init=profile.__pydantic_post_init__)
    profile.__zhice_catalogue__ = cat
    profile.__zhice_paths__ = tuple((s.key, {d.name: f"{s.key}.{d.name}" for d in s.fields}) for s in cat.sections)
    return profile


def model_of(cat: Catalogue) -> type[Profile]:
    """The :class:`Profile` model of ``cat``, built on first use and kept on the catalogue."""
    if cat.model is None:
        cat.model = fast_model(cat)
    return cat.model


def schema_model(cat: Catalogue) -> type[Profile]:
    """:func:`build_model`'s classes of ``cat`` (pydantic fields, titles, units): the JSON Schema's source."""
    if cat.schema_model is None:
        cat.schema_model = build_model(cat)
    return cat.schema_model


def _unpickle(path: str, data: dict[str, Any]) -> Profile:
    return model_of(catalogue_at(path)).model_validate(data)
