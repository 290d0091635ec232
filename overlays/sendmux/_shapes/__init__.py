"""What the spec's less common shapes need at run time, written once: answers that are not JSON (text, binary,
a server-sent event stream) and query parameters in OpenAPI's styles. Which operation uses which is generated
(codegen/resource_layer.py); nothing here knows an operation."""

from .binary import BinaryResponse, StreamedResponse, streamed
from .events import ServerSentEvent, Stream, parse_events
from .params import deep_object, joined

__all__ = [
    "BinaryResponse",
    "ServerSentEvent",
    "Stream",
    "StreamedResponse",
    "deep_object",
    "joined",
    "parse_events",
    "streamed",
]
