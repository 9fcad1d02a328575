"""The ``zhice`` command line. It only translates: parse options, call one library function,
render, and map :class:`~zhice.errors.ZhiceError` to its exit code (0 evaluated, 2 usage or
bad input, 3 invalid rulebooks, 1 internal error). Errors go to stderr, as JSON with
``--format json``. One module per command; what they share is in ``zhice.cli.common`` and
``zhice.cli.options``. This package is the only part of zhice that imports click.
"""

from __future__ import annotations

import io
import os
import sys

import click

from zhice.cli.checkup import checkup
from zhice.cli.common import guarded, parse_sets, report_error, warn_fallback, write_output
from zhice.cli.diff import diff_command
from zhice.cli.explain import explain_command
from zhice.cli.interview import interview_command
from zhice.cli.lang import ZhiceGroup, lang_option, tr
from zhice.cli.lint import lint_command
from zhice.cli.programs import programs
from zhice.cli.schema import schema
from zhice.cli.serve import serve_command
from zhice.cli.screen import screen_command
from zhice.cli.verify import verify_command
from zhice.cli.whatif import whatif_command
from zhice.version import __version__

__all__ = ["cli", "guarded", "main", "parse_sets", "report_error", "warn_fallback", "write_output"]


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


for _command in (checkup, programs, schema, lint_command, verify_command, screen_command, explain_command,
                 whatif_command, diff_command, interview_command, serve_command):
    cli.add_command(_command)


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


def main() -> None:
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
        try:
            sys.stdout.flush()
        except _PipeClosed:
            sys.exit(1)


if __name__ == "__main__":
    main()
