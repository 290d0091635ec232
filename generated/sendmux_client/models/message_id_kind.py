from enum import StrEnum


class MessageIdKind(StrEnum):
    PROVIDER = "provider"
    RFC5322 = "rfc5322"

    def __str__(self) -> str:
        return str(self.value)
