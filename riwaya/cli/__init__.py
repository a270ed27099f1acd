"""The ``riwaya`` command: one typer app, one module per subcommand."""

from __future__ import annotations

import importlib

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


#: One module per subcommand (or sub-app); importing it registers it on ``app``.
COMMAND_MODULES = ("analyze", "evaluate", "export", "report", "batch", "synth", "gazetteer")


def _register() -> None:
    """Import each subcommand module; each adds its command(s) to ``app``."""
    for name in COMMAND_MODULES:
        importlib.import_module(f"riwaya.cli.{name}")


def main() -> None:
    """Console-script entry point."""
    _register()
    app()
