"""The bundle's executable: the ``hmi`` command, frozen. PyInstaller starts here."""

import multiprocessing
import sys

from hmi.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
