"""The ``zhice`` command line. It only translates: parse options, call one library function,
render, and map :class:`~zhice.errors.ZhiceError` to its exit code (0 evaluated, 2 usage or
bad input, 3 invalid rulebooks, 1 internal error). Errors go to stderr, as JSON with
``--format json``. One module per command; what they share is in ``zhice.cli.common`` and
``zhice.cli.options``. This package is the only part of zhice that imports click.
"""

from __future__ import annotations

import atexit
import gc
import io
import os
import sys
from typing import Any

import click

from zhice.cli.common import guarded, parse_sets, report_error, warn_fallback, write_output
from zhice.cli.lang import ZhiceGroup, lang_option, tr
from zhice.version import __version__

__all__ = ["COMMANDS", "cli", "guarded", "main", "parse_sets", "report_error", "warn_fallback", "write_output"]


# every command: its name → the module and the click command in it, imported when that command
# runs (or when help lists the commands), so ``zhice checkup`` loads neither pytest (verify) nor
# the web server (serve) nor polars (screen)
COMMANDS = {
    "checkup": ("zhice.cli.checkup", "checkup"),
    "programs": ("zhice.cli.programs", "programs"),
    "schema": ("zhice.cli.schema", "schema"),
    "lint": ("zhice.cli.lint", "lint_command"),
    "verify": ("zhice.cli.verify", "verify_command"),
    "screen": ("zhice.cli.screen", "screen_command"),
    "explain": ("zhice.cli.explain", "explain_command"),
    "whatif": ("zhice.cli.whatif", "whatif_command"),
    "diff": ("zhice.cli.diff", "diff_command"),
    "interview": ("zhice.cli.interview", "interview_command"),
    "serve": ("zhice.cli.serve", "serve_command"),
}


class _LazyCommands(dict):  # type: ignore[type-arg]
    """``Group.commands`` whose entries are imported on first access: a value is a click command,
    or the ``(module, attribute)`` where it is defined until something reads it."""

    def _load(self, name: str) -> click.Command:
        value = dict.__getitem__(self, name)
        if isinstance(value, tuple):
            import importlib

            module, attr = value
            value = getattr(importlib.import_module(module), attr)
            dict.__setitem__(self, name, value)
        return value

    def __getitem__(self, name: str) -> click.Command:
        return self._load(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self._load(name) if name in self else default

    def values(self) -> list[click.Command]:  # type: ignore[override]
        return [self._load(n) for n in self]

    def items(self) -> list[tuple[str, click.Command]]:  # type: ignore[override]
        return [(n, self._load(n)) for n in self]


@click.group(cls=ZhiceGroup, context_settings={"help_option_names": ["-h", "--help"]},
             help=tr("知策 zhice：企业知识产权政策体检。\n\n对照规则库中的政策项目评估企业画像，给出结论、差距、下一步和依据。"
                     "用“zhice 命令 --help”查看各命令；加 --lang en（或设 ZHICE_LANG=en）显示英文。",
                     "zhice: policy-compliance checkups for enterprises.\n\nEvaluates enterprise profiles against "
                     "the programs of the rulebooks: status, gaps, next steps and citations. "
                     "zhice COMMAND --help documents each command; --lang en (or ZHICE_LANG=en) shows English."))
@click.version_option(__version__, prog_name="zhice", help=tr("显示版本并退出。", "Show the version and exit."))
@click.option("-q", "--quiet", is_flag=True, help=tr("安静：不显示进度条和提示", "quiet: no progress bar or notices"))
@click.option("-v", "--verbose", is_flag=True, help=tr("详细：另报用时、匹配器和规则库",
                                                       "verbose: also the time taken, the matcher and the rulebooks"))
@lang_option
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    ctx.obj = {"quiet": quiet, "verbose": verbose and not quiet}


cli.commands = _LazyCommands(cli.commands)
cli.commands.update(COMMANDS)


class _PipeClosed(BaseException):
    """The reader of stdout went away (``zhice programs | head -1``); not an error of the command."""


class _PipeSafeStdout(io.TextIOWrapper):
    """stdout that, once its pipe is closed, points fd 1 at /dev/null and ends the command.

    The Python docs' recipe for SIGPIPE: no further write can fail, no message is printed. A
    BaseException, so that no ``except Exception`` in a command turns it into an internal error.
    """

    def write(self, s: str) -> int:
        try:
            return super().write(s)
        except BrokenPipeError:
            self._closed_pipe()
            raise _PipeClosed from None

    def flush(self) -> None:
        try:
            super().flush()
        except BrokenPipeError:
            self._closed_pipe()
            raise _PipeClosed from None

    def _closed_pipe(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self.fileno())
        os.close(devnull)


# Python's cyclic garbage collector runs every 700 new container objects; a command's start-up
# (its modules, the rulebook models, the compiled conditions) makes ~100 such collections that
# free nothing and cost ~60 ms of a checkup's CPU. Every 10,000: the same collector, ~15 ms.
GC_THRESHOLD = (10_000, 10, 10)


def _freeze_at_exit() -> None:
    """Let the interpreter end without walking every object the command made.

    At exit Python's last cyclic collections scan every object still alive (a checkup's modules,
    rulebook models, compiled conditions): ~80 ms of a cold checkup's CPU, most of the floor's
    own time. :func:`gc.freeze` moves them out of the collector's reach first; the atexit handlers
    registered before it, the flushing of the standard streams and the release of every module
    still happen as before (only cyclic garbage left at exit is not collected, as on ``os._exit``).
    Registered on a command's first run; a process that goes on (a test) is frozen only when it ends.
    """
    if not _AT_EXIT:
        atexit.register(gc.freeze)
        _AT_EXIT.append(gc.freeze)


_AT_EXIT: list[object] = []


def main() -> None:
    _freeze_at_exit()
    threshold = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)     # before a command's modules are imported (zhice.cli.COMMANDS)
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper) and not isinstance(out, _PipeSafeStdout):
        out.flush()
        sys.stdout = _PipeSafeStdout(out.detach(), encoding=out.encoding, errors=out.errors,
                                     line_buffering=out.line_buffering)
    try:
        cli(prog_name="zhice")
    except _PipeClosed:
        sys.exit(1)   # as Python itself exits on EPIPE; nothing on stderr
    finally:
        gc.set_threshold(*threshold)    # main() called in a process that goes on (a test) leaves it as it was
        try:
            sys.stdout.flush()
        except _PipeClosed:
            sys.exit(1)


if __name__ == "__main__":
    main()
