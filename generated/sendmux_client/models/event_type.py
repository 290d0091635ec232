from enum import StrEnum


class EventType(StrEnum):
    MESSAGE_BOUNCED = "message.bounced"
    MESSAGE_COMPLAINED = "message.complained"
    MESSAGE_DELIVERED = "message.delivered"
    MESSAGE_DELIVERY_DELAYED = "message.delivery_delayed"
    MESSAGE_RECEIVED = "message.received"
    MESSAGE_RECEIVED_SPAM = "message.received.spam"
    MESSAGE_REJECTED = "message.rejected"
    SENDMUX_TEST = "sendmux.test"

    def __str__(self) -> str:
        return str(self.value)
