"""``python -m seqtheory``: the same as the ``seqtheory`` command."""

import sys

from seqtheory.cli import main

if __name__ == "__main__":
    sys.exit(main())
