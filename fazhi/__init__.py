"""fazhi: a knowledge graph of Chinese government annual reports on rule-of-law construction.

>>> import fazhi
>>> isinstance(fazhi.__version__, str), callable(fazhi.build), callable(fazhi.open)
(True, True, True)

See :mod:`fazhi.api` for the public functions: ``build``, ``open``, ``extract``, ``samples``, ``show`` and the
:class:`~fazhi.api.KnowledgeGraph` they give (``query`` → :class:`~fazhi.api.Rows`, ``network``).
"""

from typing import TYPE_CHECKING, Any

from fazhi.errors import FazhiError
from fazhi.version import __version__

if TYPE_CHECKING:
    from fazhi.api import KnowledgeGraph, Rows, build, extract, open, samples, show

_API = ("KnowledgeGraph", "Rows", "build", "extract", "open", "samples", "show")


def __getattr__(name: str) -> Any:
    """The API's names, imported on first use: ``import fazhi.graph.store`` (a server's worker
    process, say) does not pay for rdflib's SPARQL engine that :mod:`fazhi.api` brings."""
    if name in _API:
        from fazhi import api

        return getattr(api, name)
    raise AttributeError(f"module 'fazhi' has no attribute {name!r}")


__all__ = ["FazhiError", "KnowledgeGraph", "Rows", "__version__", "build", "extract", "open", "samples", "show"]
