import sys

from tendlc.sandbox.cli import main

sys.exit(main())
