from enum import StrEnum


class BounceType(StrEnum):
    PERMANENT = "Permanent"
    TRANSIENT = "Transient"
    UNDETERMINED = "Undetermined"

    def __str__(self) -> str:
        return str(self.value)
