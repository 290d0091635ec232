"""The API version (``info.version`` of openapi.yaml) this package was generated from. Generated: do not edit."""

API_VERSION = "1.0.0"
