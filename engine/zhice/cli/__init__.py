"""The ``zhice`` command line. It only translates: parse options, call one library function,
render, and map :class:`~zhice.errors.ZhiceError` to its exit code (0 evaluated, 2 usage or
bad input, 3 invalid rulebooks, 1 internal error). Errors go to stderr, as JSON with
``--format json``. One module per command; what they share is in ``zhice.cli.common`` and
``zhice.cli.options``. This package is the only part of zhice that imports click.
"""

from __future__ import annotations

import click

from zhice.cli.checkup import checkup
from zhice.cli.common import guarded, parse_sets, report_error, warn_fallback, write_output
from zhice.cli.diff import diff_command
from zhice.cli.explain import explain_command
from zhice.cli.interview import interview_command
from zhice.cli.lint import lint_command
from zhice.cli.programs import programs
from zhice.cli.schema import schema
from zhice.cli.serve import serve_command
from zhice.cli.screen import screen_command
from zhice.cli.verify import verify_command
from zhice.cli.whatif import whatif_command
from zhice.version import __version__

__all__ = ["cli", "guarded", "main", "parse_sets", "report_error", "warn_fallback", "write_output"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zhice")
@click.option("-q", "--quiet", is_flag=True, help="安静：不显示进度条和提示 (no progress bar or notices).")
@click.option("-v", "--verbose", is_flag=True, help="详细：另报用时、匹配器和规则库 (timings, matcher, rulebooks).")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """知策 zhice — 企业知识产权政策体检 (policy-compliance checkups for enterprises)."""
    ctx.obj = {"quiet": quiet, "verbose": verbose and not quiet}


for _command in (checkup, programs, schema, lint_command, verify_command, screen_command, explain_command,
                 whatif_command, diff_command, interview_command, serve_command):
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="zhice")


if __name__ == "__main__":
    main()
