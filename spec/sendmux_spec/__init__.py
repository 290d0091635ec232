"""The one reading of an OpenAPI document that codegen, the emulator, the cassette cases and the spec differs
share: loading, local ``$ref``s and JSON pointers (``_document``), operations with their parameters, bodies and
answers (``_operations``), what each does to the API's state by its REST shape (``_rest``), ``allOf`` folded so
both house styles, openapi.yaml's flat envelopes and Sendmux's ``allOf: [SuccessEnvelope, ...]``, read the same
(``_fold``), names (``_names``), and what a schema says about the JSON it admits, for comparing two documents
(``shapes``)."""

from ._document import HTTP_METHODS, Document, SpecError, escape, load, parse, pointer, read_yaml, unescape, write_yaml
from ._fold import fold, normalized, says_nothing
from ._names import HEADER_TEXT, pascal, singular, snake, words
from ._operations import Envelope, Operation, Parameter, Response, is_json, media_kind
from ._rest import Collection, Role, created_id, id_pointer, roles

__all__ = [
    "HEADER_TEXT",
    "HTTP_METHODS",
    "Collection",
    "Document",
    "Envelope",
    "Operation",
    "Parameter",
    "Response",
    "Role",
    "SpecError",
    "created_id",
    "escape",
    "fold",
    "id_pointer",
    "is_json",
    "load",
    "media_kind",
    "normalized",
    "parse",
    "pascal",
    "pointer",
    "read_yaml",
    "roles",
    "says_nothing",
    "singular",
    "snake",
    "unescape",
    "words",
    "write_yaml",
]
