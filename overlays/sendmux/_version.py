"""The package version, and the API version (``info.version`` of openapi.yaml) it was generated from."""

from ._api_version import API_VERSION

__all__ = ["API_VERSION", "__version__"]

__version__ = "1.0.0"
