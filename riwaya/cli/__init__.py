"""The ``riwaya`` command: one typer app, one module per subcommand."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="riwaya",
    help="Source-attributed, contradiction-aware figures from news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Source-attributed, contradiction-aware figures from news reports."""


def _register() -> None:
    """Import each subcommand module; each adds its command(s) to ``app``."""
    from riwaya.cli import analyze  # noqa: F401


def main() -> None:
    """Console-script entry point."""
    _register()
    app()
