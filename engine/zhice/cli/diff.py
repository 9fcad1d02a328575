"""``zhice diff``: which clients change status between two rulebook sets, and why."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import click

from zhice.cli.common import guarded, verbosity
from zhice.cli.lang import ZhiceCommand, lang_option, tr
from zhice.cli.options import AS_OF_HELP, format_option, no_cache_option
from zhice.diff import diff_portfolio, read_portfolio, render_diff, write_diff
from zhice.errors import Problem, UsageError
from zhice.pipeline import Engine
from zhice.progress import ScreenProgress
from zhice.wording import pick

__all__ = ["diff_command"]


def _counted(rows: Iterator[tuple[str, int, Any]], bar: ScreenProgress) -> Iterator[tuple[str, int, Any]]:
    """The portfolio's rows, telling ``bar`` how many were read and how many could not be."""
    done = errors = 0
    for row in rows:
        yield row
        done += 1
        errors += isinstance(row[2], Problem)
        bar.update(done, errors)


@click.command("diff", cls=ZhiceCommand, help=tr(
    "规则库改版：哪些客户的结论变了，为什么。\n\n"
    "对比旧规则库 OLD_RULEBOOKS 与新规则库 NEW_RULEBOOKS：哪些客户在哪些项目上结论改变，以及是哪些条件造成的。",
    "Rulebooks changed: which clients change status, and why.\n\n"
    "Which clients change status on which programs between OLD_RULEBOOKS and NEW_RULEBOOKS, "
    "and the criteria that cause it."))
@click.argument("old_rulebooks", type=click.Path(file_okay=False), help=tr("旧规则库目录", "the old rulebook folder"))
@click.argument("new_rulebooks", type=click.Path(file_okay=False), help=tr("新规则库目录", "the new rulebook folder"))
@click.argument("more_inputs", nargs=-1, type=click.Path(),
                help=tr("更多客户输入（同 --profiles）", "more client inputs (as --profiles)"))
@click.option("--profiles", "inputs", multiple=True, metavar="INPUT",
              help=tr("客户清单：YAML/JSON 画像目录、单个画像、.jsonl 或 .csv/.xlsx（可重复）",
                      "client portfolio: a folder of YAML/JSON profiles, a profile file, .jsonl, or .csv/.xlsx "
                      "(repeatable)"))
@click.option("--program", "programs", multiple=True, metavar="ID",
              help=tr("只看这些项目，可重复", "only these programs (repeatable)"))
@click.option("--output", "-o", metavar="FILE", default=None,
              help=tr("把变化写入 FILE（.xlsx、.csv 或 .json）", "write the changes to FILE (.xlsx, .csv or .json)"))
@click.option("--codes", is_flag=True,
              help=tr("CSV/XLSX 的表头和结论写代码（row、program、before；eligible …），而不是中文",
                      "CSV/XLSX headers and statuses as codes (row, program, before; eligible …), not Chinese"))
@format_option(["text", "json"])
@click.option("--matcher", type=click.Choice(["durable", "compiled"]), default="compiled", show_default=True,
              help=tr("匹配器（结果相同）", "rule matcher (identical results)"))
@click.option("--rulebooks", "rulebooks", metavar="DIR", default=None, hidden=True,
              help=tr("为与其他命令一致而接受；diff 的两套规则库由参数给出",
                      "accepted for uniformity; diff takes its two rulebook sets as arguments"))
@click.option("--as-of", "as_of", metavar="DATE", default=None, help=AS_OF_HELP)
@lang_option
@no_cache_option
def diff_command(old_rulebooks: str, new_rulebooks: str, more_inputs: tuple[str, ...], inputs: tuple[str, ...],
                 programs: tuple[str, ...], output: str | None, codes: bool, fmt: str, matcher: str, rulebooks: str | None,
                 as_of: str | None) -> None:
    """Which clients change status on which programs between OLD_RULEBOOKS and NEW_RULEBOOKS, and why."""

    @guarded
    def body(fmt: str) -> None:
        sources = list(inputs) + list(more_inputs)
        if not sources:
            raise UsageError([Problem("no-input", pick("没有给出客户画像", "no client profiles given"), path="--profiles",
                                      hint=pick("zhice diff 旧 新 --profiles clients/（目录、.jsonl、.csv 或 .xlsx）",
                                                "zhice diff OLD NEW --profiles clients/ (a folder, .jsonl, .csv or .xlsx)"))])
        old, new = Engine(old_rulebooks), Engine(new_rulebooks)
        with ScreenProgress(enabled=False if verbosity() == "quiet" else None, label=pick("对比", "comparing")) as bar:
            bar.start(0, 0)
            result = diff_portfolio(old, new, _counted(read_portfolio(sources), bar), as_of=as_of,
                                    matcher=matcher, programs=list(programs) or None)
        if output:
            write_diff(result, output, codes=codes)
        if fmt == "json":
            click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(render_diff(result), nl=False)
            if output:
                click.echo(pick(f"已写入 {output}", f"written to {output}"))

    body(fmt=fmt)
