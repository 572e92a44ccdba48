"""One exception tree: every error a user can cause is a :class:`FazhiError`.

The command line turns these into one line and a non-zero exit; the library raises them.
"""

from __future__ import annotations


class FazhiError(Exception):
    """Base of all errors fazhi reports to users. ``str(err)`` is the one-line message."""

    exit_code = 1


class InputError(FazhiError):
    """An input file or URL cannot be read as a report (missing, empty, binary, undecodable)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        """Pickle by the two arguments, so an error crosses from a worker process intact."""
        return (type(self), (self.source, self.reason))


class OutputError(FazhiError):
    """An output cannot be written."""


class GraphError(FazhiError):
    """A graph file cannot be read (malformed RDF, unknown format)."""


class QueryError(FazhiError):
    """A SPARQL query is malformed, unknown, or misses a parameter."""


class ValidationFailed(FazhiError):
    """A graph does not conform to the SHACL shapes."""


class Interrupted(FazhiError):
    """A command stopped by Ctrl-C; its message says what was kept."""

    exit_code = 130


class StoreError(FazhiError):
    """A store folder cannot be opened, or a report is not in it."""


class NetworkError(FazhiError):
    """A network cannot be made: unknown view or level, or a view with no edges."""


class ClusterError(FazhiError):
    """A Dask cluster cannot be reached or used, or a task on it failed."""


class ServeError(FazhiError):
    """The server cannot start: a bad port, an address in use, an unknown host."""


class PushError(FazhiError):
    """A graph cannot be pushed: a bad URL, an unreachable server, or a server that refuses a graph."""


class PushInterrupted(PushError):
    """A push stopped by Ctrl-C; its message says how many graphs were pushed."""

    exit_code = 130


def first_line(err: BaseException) -> str:
    """A library's error message cut to its first line (at most 200 characters), for a one-line error."""
    text = str(err).strip()
    return text.splitlines()[0][:200] if text else type(err).__name__
