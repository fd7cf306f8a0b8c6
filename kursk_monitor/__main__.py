import sys

from kursk_monitor.cli import main

sys.exit(main())
