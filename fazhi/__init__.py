"""fazhi: a knowledge graph of Chinese government annual reports on rule-of-law construction.

>>> from fazhi import __version__
>>> isinstance(__version__, str)
True
"""

from fazhi.version import __version__

__all__ = ["__version__"]
