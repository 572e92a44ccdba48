"""fazhi: a knowledge graph of Chinese government annual reports on rule-of-law construction.

>>> import fazhi
>>> isinstance(fazhi.__version__, str), callable(fazhi.build), callable(fazhi.open)
(True, True, True)

See :mod:`fazhi.api` for the public functions: ``build``, ``open``, ``extract``, ``samples``, ``show`` and the
:class:`~fazhi.api.KnowledgeGraph` they give (``query`` → :class:`~fazhi.api.Rows`, ``network``).
"""

from fazhi.api import KnowledgeGraph, Rows, build, extract, open, samples, show
from fazhi.errors import FazhiError
from fazhi.version import __version__

__all__ = ["FazhiError", "KnowledgeGraph", "Rows", "__version__", "build", "extract", "open", "samples", "show"]
