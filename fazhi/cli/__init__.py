"""The command line: the only package that knows click. One group, one error boundary.

Each command parses its options and calls one library function; a :class:`~fazhi.errors.FazhiError`
raised anywhere below becomes ``fazhi: message`` on stderr and the error's exit code, here and
nowhere else.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from fazhi.errors import FazhiError
from fazhi.version import __version__


class FazhiGroup(click.Group):
    """A click group whose :meth:`invoke` is fazhi's one error boundary."""

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


def _register() -> None:
    from fazhi.cli.build import build
    from fazhi.cli.graphs import evaluate, merge, validate
    from fazhi.cli.network import network
    from fazhi.cli.push import push
    from fazhi.cli.query import query
    from fazhi.cli.serve import serve
    from fazhi.cli.show import show
    from fazhi.cli.store import remove

    for command in (build, query, validate, merge, evaluate, network, show, serve, push, remove):
        main.add_command(command)


_register()


if __name__ == "__main__":  # pragma: no cover
    main()
