"""The ``zhice`` command line. It only translates: parse options, call one library function,
render, and map :class:`~zhice.errors.ZhiceError` to its exit code (0 evaluated, 2 usage or
bad input, 3 invalid rulebooks, 1 internal error). Errors go to stderr, as JSON with
``--format json``.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from zhice import __version__
from zhice.cli_options import common_options, matcher_option
from zhice.errors import Problem, UsageError, ZhiceError, writing
from zhice.pipeline import Engine, default_rulebooks_dir, parse_as_of
from zhice.profile import FIELDS, load_profile, parse_value, resolve_field_name, with_changes
from zhice.renderers import FORMATS, render

__all__ = ["cli", "main"]


def write_output(text: str, output: str | None) -> None:
    """Print, or write atomically (temp file + rename) when ``output`` is given."""
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output)
    with writing(target):               # a full disk, a folder that cannot be written … → exit 2
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file the usual mode
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def report_error(exc: ZhiceError, fmt: str = "text") -> None:
    if fmt == "json":
        click.echo(json.dumps(exc.to_dict(), ensure_ascii=False, indent=2), err=True)
        return
    label = {"profile": "画像有误 (invalid profile)", "rulebook": "规则库有误 (invalid rulebooks)",
             "usage": "用法或输入有误 (usage)", "output": "无法写入 (cannot write)",
             "evaluation": "内部错误 (internal error)"}.get(exc.kind, "错误")
    click.echo(click.style(f"zhice: {label}, {len(exc.problems)} problem(s):", fg="red", bold=True), err=True)
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
            err = ZhiceError([Problem("internal", f"{type(exc).__name__}: {exc}",
                                      hint="this is a bug; rerun with ZHICE_DEBUG=1 for a traceback and report it")])
            report_error(err, "json" if fmt == "json" else "text")
            sys.exit(1)

    return wrapper


def parse_sets(sets: tuple[str, ...]) -> dict[str, Any]:
    """``--set PATH=VALUE`` pairs, typed by the profile schema."""
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for item in sets:
        if "=" not in item:
            problems.append(Problem("bad-set", f"--set expects PATH=VALUE, found '{item}'", path="--set",
                                    hint="e.g. --set ip.invention_patents=3"))
            continue
        name, value = item.split("=", 1)
        path = resolve_field_name(name)
        if path is None:
            from zhice.errors import did_you_mean

            problems.append(Problem("unknown-field", f"unknown field '{name}'", path="--set",
                                    hint=did_you_mean(name, list(FIELDS)) or "see `zhice schema profile`"))
            continue
        try:
            changes[path] = parse_value(path, value)
        except ValueError as exc:
            problems.append(Problem("invalid-value", str(exc), path=path))
    if problems:
        raise UsageError(problems)
    return changes


def warn_fallback(matcher: str | None) -> None:
    from zhice.matcher import default_matcher, durable_available

    if matcher in (None, "durable") and not durable_available() and default_matcher() == "compiled":
        click.echo(click.style(
            f"注意：durable-rules 在 Python {sys.version_info.major}.{sys.version_info.minor} 上不可用，"
            "已改用 compiled 匹配器（结果相同）。", fg="yellow"), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zhice")
def cli() -> None:
    """知策 zhice — 企业知识产权政策体检 (policy-compliance checkups for enterprises)."""


@cli.command()
@click.argument("profile", type=click.Path(dir_okay=False))
@click.option("--program", "programs", multiple=True, metavar="ID", help="Only these programs (repeatable).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help="What-if: change a profile field (repeatable); the report shows what changes.")
@click.option("--output", "-o", metavar="FILE", default=None, help="Write the report to FILE (atomically).")
@matcher_option
@common_options
@guarded
def checkup(profile: str, programs: tuple[str, ...], fmt: str, sets: tuple[str, ...], output: str | None,
            matcher: str | None, rulebooks: str | None, as_of: str | None) -> None:
    """Evaluate PROFILE (YAML/JSON) against every program: status, gaps, next steps, citations."""
    warn_fallback(matcher)
    engine = Engine(default_rulebooks_dir(rulebooks))
    prof = load_profile(profile)
    day = parse_as_of(as_of)
    changes = parse_sets(sets)
    whatif = None
    if changes:
        before = engine.checkup(prof, as_of=day, matcher=matcher, programs=list(programs) or None)
        prof = with_changes(prof, changes)
        report = engine.checkup(prof, as_of=day, matcher=matcher, programs=list(programs) or None)
        old = {p.id: p.status for p in before.programs}
        whatif = {"set": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in changes.items()},
                  "changes": [{"program": p.id, "before": old[p.id], "after": p.status}
                              for p in report.programs if old.get(p.id) != p.status]}
    else:
        report = engine.checkup(prof, as_of=day, matcher=matcher, programs=list(programs) or None)
    if fmt == "json":
        text = render(report, "json", extra={"whatif": whatif} if whatif else None)
    elif fmt == "text":
        text = render(report, "text", whatif=whatif)
    else:
        text = render(report, fmt, whatif=whatif)
    write_output(text, output)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@common_options
@guarded
def programs(fmt: str, rulebooks: str | None, as_of: str | None) -> None:
    """List the programs of the rulebooks: id, title, domain, authority, confidence."""
    engine = Engine(default_rulebooks_dir(rulebooks))
    compiled = engine.compiled(parse_as_of(as_of))
    rows = [{"id": p.book.id, "title": p.book.title.zh, "title_en": p.book.title.en, "kind": p.book.kind,
             "domain": p.book.domain, "authority": p.book.authority, "confidence": p.confidence,
             "in_force": p.active, "last_reviewed": p.book.last_reviewed.isoformat()} for p in compiled.programs]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        flag = "" if r["in_force"] else "  （不在有效期内）"
        click.echo(f"{r['id']:<30} {r['domain']:<14} {r['confidence']:<9} {r['title']}{flag}")


@cli.command()
@click.argument("what", type=click.Choice(["profile", "rulebook"]))
@guarded
def schema(what: str) -> None:
    """Print the JSON Schema of a profile or of a rulebook file."""
    from zhice.schemas import profile_schema, rulebook_schema

    data = profile_schema() if what == "profile" else rulebook_schema()
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _register_optional() -> None:
    """Commands that live in their own modules (one module per verb)."""
    import importlib

    for module, name in (("zhice.lint", "lint_command"), ("zhice.verify", "verify_command"),
                         ("zhice.batch.cli", "screen_command"), ("zhice.explain", "explain_command"),
                         ("zhice.whatif", "whatif_command"), ("zhice.diff", "diff_command"),
                         ("zhice.interview", "interview_command"), ("zhice.serve.command", "serve_command")):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and (exc.name == module or module.startswith(exc.name + ".")):
                continue
            raise
        cli.add_command(getattr(mod, name))


_register_optional()


def main() -> None:
    cli(prog_name="zhice")


if __name__ == "__main__":
    main()
