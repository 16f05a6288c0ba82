import sys

from lat.cli import main

sys.exit(main())
