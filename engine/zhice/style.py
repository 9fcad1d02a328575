"""Terminal styling for text outputs, without importing click: the ANSI codes ``click.style``
writes for the few styles zhice uses (a foreground colour, bold, dim). Whether they reach the
terminal is decided where the text is printed (``click.echo`` in ``zhice.cli`` strips them when
the output is not a terminal), so a library caller gets the same text either way.
"""

from __future__ import annotations

__all__ = ["style"]

_COLOURS = {name: 30 + i for i, name in enumerate(("black", "red", "green", "yellow", "blue", "magenta", "cyan",
                                                      "white"))}
_COLOURS.update({f"bright_{name}": code + 60 for name, code in list(_COLOURS.items())})


def style(text: object, fg: str | None = None, bold: bool | None = None, dim: bool | None = None) -> str:
    """``text`` in colour ``fg`` (a name such as ``red``), bold and/or dim, then reset."""
    codes = []
    if fg is not None:
        codes.append(f"\033[{_COLOURS[fg]}m")
    if bold is not None:
        codes.append(f"\033[{1 if bold else 22}m")
    if dim is not None:
        codes.append(f"\033[{2 if dim else 22}m")
    return "".join(codes) + str(text) + "\033[0m"
