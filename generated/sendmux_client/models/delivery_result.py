from enum import StrEnum


class DeliveryResult(StrEnum):
    FAILED = "failed"
    PERMANENT_FAILURE = "permanent_failure"
    RETRYING = "retrying"
    SUCCESS = "success"

    def __str__(self) -> str:
        return str(self.value)
