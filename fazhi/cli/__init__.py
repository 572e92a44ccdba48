"""The command line: the only package that knows click. One group, one error boundary.

Each command parses its options and calls one library function; a :class:`~fazhi.errors.FazhiError`
raised anywhere below becomes ``fazhi: message`` on stderr and the error's exit code, here and
nowhere else.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from fazhi.errors import FazhiError
from fazhi.version import __version__

#: Each command and the module that defines it, imported only when the command runs (or help lists
#: it): ``fazhi build`` need not load the network or the server code, ~0.2 s of every start.
COMMANDS = {
    "build": "fazhi.cli.build",
    "query": "fazhi.cli.query",
    "validate": "fazhi.cli.graphs",
    "merge": "fazhi.cli.graphs",
    "evaluate": "fazhi.cli.graphs",
    "network": "fazhi.cli.network",
    "show": "fazhi.cli.show",
    "serve": "fazhi.cli.serve",
    "push": "fazhi.cli.push",
    "remove": "fazhi.cli.store",
    "upgrade": "fazhi.cli.store",
}


class FazhiGroup(click.Group):
    """A click group whose :meth:`invoke` is fazhi's one error boundary, and whose commands are
    imported when they are needed (click's lazily loaded subcommands)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            command = getattr(importlib.import_module(COMMANDS[cmd_name]), cmd_name)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FazhiError as err:
            click.echo(f"fazhi: {err}", err=True)
            ctx.exit(err.exit_code)
        except BrokenPipeError:  # `fazhi query … | head`: stop quietly
            sys.stderr.close()
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("fazhi: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=FazhiGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fazhi")
def main() -> None:
    """Build and query a knowledge graph of rule-of-law government reports (法治政府建设年度报告)."""


if __name__ == "__main__":  # pragma: no cover
    main()
