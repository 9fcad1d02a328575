"""``zhice checkup``: one profile against every program (with ``--set``, what changes)."""

from __future__ import annotations

import click

from zhice.cli.common import guarded, parse_sets, warn_fallback, write_output
from zhice.cli.options import common_options, matcher_option
from zhice.pipeline import Engine, default_rulebooks_dir, parse_as_of
from zhice.profile import load_profile, with_changes
from zhice.renderers import FORMATS, render

__all__ = ["checkup"]


@click.command("checkup")
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
