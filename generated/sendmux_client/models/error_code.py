from enum import StrEnum


class ErrorCode(StrEnum):
    AUTHENTICATION_REQUIRED = "authentication_required"
    CONFLICT = "conflict"
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"
    INSUFFICIENT_PERMISSIONS = "insufficient_permissions"
    INTERNAL_ERROR = "internal_error"
    INVALID_PARAMETER = "invalid_parameter"
    LIMIT_EXCEEDED = "limit_exceeded"
    MISSING_PARAMETER = "missing_parameter"
    NOT_FOUND = "not_found"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMIT_EXCEEDED = "rate_limit_exceeded"
    SERVICE_UNAVAILABLE = "service_unavailable"
    VALIDATION_ERROR = "validation_error"

    def __str__(self) -> str:
        return str(self.value)
