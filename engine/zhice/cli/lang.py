"""The command line's language: Chinese first, English with ``--lang en`` or ``ZHICE_LANG=en``.

* :func:`tr` writes a help text in both languages (``help=tr("中文", "English")``): it returns the
  Chinese, and remembers the English for ``--lang en``.
* :class:`ZhiceGroup` / :class:`ZhiceCommand` (``cls=`` of every command) read ``--lang`` from the
  arguments before click parses them, so that an eager ``--help`` already speaks the language
  asked for (``zhice checkup --help --lang en``); they print the help in the chosen language with
  lines that count a Chinese character as two columns, and say 已取消 instead of click's
  "Aborted!" when Ctrl-C or the end of the input stops a command (exit 1, as click does).
* click's own words (Usage:, Options, "Missing argument" …) are looked up in :data:`CLICK_ZH`
  while the language is Chinese.

The language itself lives in :mod:`zhice.language` (:func:`~zhice.language.current_lang`), where
the library's messages read it too.
"""

from __future__ import annotations

import gettext
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from zhice.language import LANG_ENV, current_lang, env_lang, set_lang

__all__ = ["CLICK_ZH", "ZhiceCommand", "ZhiceGroup", "english", "lang_option", "scan_lang", "tr"]

_EN: dict[str, str] = {}


def tr(zh: str, en: str) -> str:
    """A help text in Chinese (returned) and English (shown under ``--lang en``)."""
    _EN[_key(zh)] = en
    return zh


def _key(text: str) -> str:
    import inspect

    return inspect.cleandoc(text)


def english(text: str | None) -> str | None:
    """The English of a text written with :func:`tr`; None when it has none."""
    return None if text is None else _EN.get(_key(text))


def _in_lang(text: str | None) -> str | None:
    if text is None or current_lang() != "en":
        return text
    return english(text) or text


# ---- click's own words ------------------------------------------------------------------------

CLICK_ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "Aborted!": "已取消。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "用 '{command} {option}' 查看帮助。",
    "Invalid value: {message}": "无效的值：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    "Error: invalid input": "错误：输入无效",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    # ngettext pairs: (singular, plural) → Chinese for both
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一：{choices}。",
    "Did you mean {possibility}?": "您是否想写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是否想写以下之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
}


def _gettext(message: str) -> str:
    if current_lang() == "en":
        return message
    return CLICK_ZH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return _gettext(chosen)


def _install_click_words() -> None:
    """Point the ``_`` / ``ngettext`` of click's modules at :func:`_gettext` (they are module
    globals bound from :mod:`gettext` at import; a word not in :data:`CLICK_ZH` stays English)."""
    import importlib

    for name in ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui"):
        module = importlib.import_module(f"click.{name}")
        if getattr(module, "_", None) is gettext.gettext:
            module._ = _gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = _ngettext  # type: ignore[attr-defined]


_install_click_words()


# ---- reading --lang before click parses --------------------------------------------------------

def scan_lang(args: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` / ``--lang=X`` among ``args`` (before a ``--``)."""
    found = None
    items = list(args)
    for i, arg in enumerate(items):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(items):
            found = items[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found if found in ("zh", "en") else None


def _set_from_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--lang`` given on the command line wins; ``$ZHICE_LANG`` is :func:`current_lang`'s fallback
    anyway (so an environment value never overrides ``zhice --lang en`` given to the group)."""
    if value and ctx.get_parameter_source(param.name or "lang") == click.core.ParameterSource.COMMANDLINE:
        set_lang(value)
    return value


def lang_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--lang zh|en``: the language of help, messages and reports (default ``$ZHICE_LANG`` or zh)."""
    return click.option("--lang", type=click.Choice(["zh", "en"]), default=None, envvar=LANG_ENV, is_eager=True,
                        expose_value=False, callback=_set_from_option,
                        help=tr("界面语言：zh（默认，或 $ZHICE_LANG）或 en",
                                "language of help, messages and reports: zh (default, or $ZHICE_LANG) or en"))(fn)


# ---- help in columns that count CJK as two ---------------------------------------------------

class ZhiceFormatter(click.HelpFormatter):
    """click's help formatter, wrapping by display width (a Chinese character is two columns)."""

    def write_text(self, text: str) -> None:
        from zhice.renderers.text import wrap

        indent = " " * self.current_indent
        width = max(self.width, 11 + self.current_indent)
        for i, para in enumerate(text.split("\n\n")):
            if i:
                self.write_paragraph()
            joined = " ".join(line.strip() for line in para.splitlines())
            for line in wrap(joined, width, indent, indent):
                self.write(f"{line}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        from rich.cells import cell_len

        from zhice.renderers.text import wrap

        rows = list(rows)
        first_col = min(max((cell_len(r[0]) for r in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, definition in rows:
            head = f"{indent}{term}"
            if not definition:
                self.write(f"{head}\n")
                continue
            pad = " " * (self.current_indent + first_col)
            if cell_len(term) <= col_max:
                first = head + " " * (first_col - cell_len(term))
                lines = wrap(definition, max(self.width, len(pad) + 10), first, pad)
            else:
                self.write(f"{head}\n")
                lines = wrap(definition, max(self.width, len(pad) + 10), pad, pad)
            for line in lines:
                self.write(f"{line}\n")


    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and current_lang() != "en":
            prefix = CLICK_ZH["Usage:"]
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        colon = ":" if current_lang() == "en" else "："
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")


class _Context(click.Context):
    formatter_class = ZhiceFormatter


@contextmanager
def _english_help(cmd: click.Command) -> Iterator[None]:
    """While formatting under ``--lang en``: the English texts of ``cmd`` and its parameters."""
    saved = [(p, p.help) for p in cmd.params if hasattr(p, "help")]
    text = cmd.help
    try:
        if current_lang() == "en":
            cmd.help = _in_lang(cmd.help)
            for p, h in saved:
                p.help = _in_lang(h)  # type: ignore[attr-defined]
        yield
    finally:
        cmd.help = text
        for p, h in saved:
            p.help = h  # type: ignore[attr-defined]


def _short_help(cmd: click.Command) -> str:
    """The first paragraph of a command's help (its one-line summary), in the language of the moment."""
    text = _in_lang(cmd.short_help) or _in_lang(cmd.help) or ""
    first = _key(text).split("\n\n", 1)[0].replace("\n", " ").strip()
    return first.removesuffix("。").removesuffix(".")


class _Words:
    """What :class:`ZhiceCommand` and :class:`ZhiceGroup` add to click's classes."""

    context_class = _Context

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; afterwards the language goes back to ``$ZHICE_LANG`` (a test
        process that invoked ``--lang en`` keeps no English for what it does next)."""
        try:
            return super().main(*args, **kwargs)  # type: ignore[misc]
        finally:
            set_lang(None)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        found = scan_lang(args)
        if found:
            set_lang(found)
        elif ctx.parent is None:
            set_lang(env_lang())
        return super().parse_args(ctx, args)  # type: ignore[misc]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _english_help(self):  # type: ignore[arg-type]
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        opt = super().get_help_option(ctx)  # type: ignore[misc]
        if opt is not None:
            opt.help = _gettext("Show this message and exit.")
        return opt

    def get_short_help_str(self, limit: int = 45) -> str:
        return _short_help(self)  # type: ignore[arg-type]

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except (EOFError, KeyboardInterrupt, click.Abort):
            if ctx.parent is not None:
                raise
            click.echo("", err=True)
            click.echo(click.style(f"zhice: {_gettext('Aborted!')}", fg="yellow"), err=True)
            sys.exit(1)


class ZhiceCommand(_Words, click.Command):
    """A command whose help and messages are Chinese first (see the module)."""


class ZhiceGroup(_Words, click.Group):
    """The ``zhice`` group: as :class:`ZhiceCommand`, for the group and its listing of commands."""

    command_class = ZhiceCommand
