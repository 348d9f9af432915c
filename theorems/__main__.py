"""``python -m theorems``: the same as ``seqtheory verify``."""

import sys

from theorems.verify import main

if __name__ == "__main__":
    sys.exit(main())
