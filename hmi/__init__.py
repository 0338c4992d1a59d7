"""Station HMI core: the rules of the station, with no Qt and no knowledge of concrete plugins."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("station-hmi")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+src"
