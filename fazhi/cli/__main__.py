"""``python -m fazhi.cli``: the same command line as the ``fazhi`` script."""

from fazhi.cli import main

main()
