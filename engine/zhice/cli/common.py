"""What every command shares: writing output atomically, reporting a ZhiceError (stderr, JSON
with ``--format json``), mapping errors to exit codes (:func:`guarded`), ``--set`` pairs, and the
notice when the durable matcher cannot run."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from zhice.atomic import write_text
from zhice.errors import Problem, UsageError, ZhiceError, did_you_mean, writing
from zhice.language import current_lang, pick

__all__ = ["BUG_HINT", "guarded", "parse_sets", "report_error", "verbosity", "warn_fallback", "write_output"]


def write_output(text: str, output: str | None) -> None:
    """Print, or write atomically (temp file + rename) when ``output`` is given."""
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output)
    with writing(target):               # a full disk, a folder that cannot be written … → exit 2
        write_text(target, text)


def report_error(exc: ZhiceError, fmt: str = "text") -> None:
    """``exc`` on stderr: a heading and one line a problem, or its JSON (same keys) with ``--format
    json``; the messages are worded where they are made, in the language of the moment."""
    if fmt == "json":
        click.echo(json.dumps(exc.to_dict(), ensure_ascii=False, indent=2), err=True)
        return
    from zhice.wording import error_heading

    click.echo(click.style(f"zhice: {error_heading(exc.kind, len(exc.problems))}", fg="red", bold=True), err=True)
    for p in exc.problems:
        click.echo(f"  {p}", err=True)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command body; ZhiceError → its exit code, anything else → exit 1 without a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        fmt = kwargs.get("fmt") or "text"
        try:
            return fn(*args, **kwargs)
        except ZhiceError as exc:
            report_error(exc, "json" if fmt == "json" else "text")
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001
            if os.environ.get("ZHICE_DEBUG"):
                raise
            err = ZhiceError([Problem("internal", f"{type(exc).__name__}: {exc}", hint=BUG_HINT())])
            report_error(err, "json" if fmt == "json" else "text")
            sys.exit(1)

    return wrapper


def BUG_HINT() -> str:   # noqa: N802 - reads as the constant it is, in the language of the moment
    """The hint of an internal error (it keeps "this is a bug" in both languages, for searching)."""
    return pick("这是 zhice 的缺陷 (this is a bug)：加 ZHICE_DEBUG=1 重新运行可看到 traceback，请报告",
                "this is a bug; rerun with ZHICE_DEBUG=1 for a traceback and report it")


def parse_sets(sets: tuple[str, ...]) -> dict[str, Any]:
    """``--set PATH=VALUE`` pairs, typed by the profile schema."""
    from zhice.profile import FIELDS, parse_value, resolve_field_name

    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for item in sets:
        if "=" not in item:
            problems.append(Problem("bad-set", pick(f"--set 应写作 字段=值，实为 '{item}'",
                                                    f"--set expects PATH=VALUE, found '{item}'"), path="--set",
                                    hint=pick("例如 --set ip.invention_patents=3 或 --set 有效发明专利数=3",
                                              "e.g. --set ip.invention_patents=3")))
            continue
        name, value = item.split("=", 1)
        path = resolve_field_name(name)
        if path is None:
            problems.append(Problem("unknown-field", pick(f"没有字段 '{name}'", f"unknown field '{name}'"), path="--set",
                                    hint=did_you_mean(name, list(FIELDS))
                                    or pick("字段见 `zhice schema profile`", "see `zhice schema profile`")))
            continue
        try:
            changes[path] = parse_value(path, value)
        except ValueError as exc:
            title = FIELDS[path].title
            text = str(exc)
            problems.append(Problem("invalid-value", text if current_lang() == "en" else f"{title}：{text}", path=path))
    if problems:
        raise UsageError(problems)
    return changes


def verbosity() -> str:
    """``quiet``, ``normal`` or ``verbose``: what ``zhice -q`` / ``zhice -v`` asked for (``normal``
    outside a command)."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    if isinstance(obj, dict):
        return "quiet" if obj.get("quiet") else "verbose" if obj.get("verbose") else "normal"
    return "normal"


def warn_fallback(matcher: str | None) -> None:
    if verbosity() == "quiet":
        return
    from zhice import matchers

    if matcher in (None, "durable") and not matchers.durable_available() and matchers.default_matcher() == "compiled":
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        click.echo(click.style(pick(f"注意：durable-rules 在 Python {version} 上不可用，已改用 compiled 匹配器（结果相同）。",
                                    f"note: durable-rules is not available on Python {version}; using the compiled "
                                    "matcher (identical results)."), fg="yellow"), err=True)
