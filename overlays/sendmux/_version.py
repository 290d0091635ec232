"""The package version and the API version (``info.version`` of openapi.yaml) it was written against."""

__version__ = "1.0.0"
API_VERSION = "1.0.0"
