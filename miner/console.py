"""The CLI's two consoles (results on stdout, messages on stderr) and its error exit."""

from __future__ import annotations

import typer
from rich.console import Console

out = Console()
err = Console(stderr=True, soft_wrap=True)  # messages name paths: never break them


def fail(message: str) -> None:
    """Print `error: message` on stderr and exit with status 2."""
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(2)
