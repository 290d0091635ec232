"""Contains all the data models used in inputs/outputs"""

from .api_error import ApiError
from .api_error_detail import ApiErrorDetail
from .api_error_info import ApiErrorInfo
from .bounce_type import BounceType
from .cursor_pagination import CursorPagination
from .delivery_result import DeliveryResult
from .error_code import ErrorCode
from .event_type import EventType
from .message_id_kind import MessageIdKind
from .response_meta import ResponseMeta
from .webhook_create_body import WebhookCreateBody
from .webhook_deleted import WebhookDeleted
from .webhook_deleted_response import WebhookDeletedResponse
from .webhook_delivery_attempt import WebhookDeliveryAttempt
from .webhook_delivery_list_response import WebhookDeliveryListResponse
from .webhook_delivery_payload import WebhookDeliveryPayload
from .webhook_delivery_payload_response import WebhookDeliveryPayloadResponse
from .webhook_event_data import WebhookEventData
from .webhook_event_payload import WebhookEventPayload
from .webhook_filters import WebhookFilters
from .webhook_filters_input import WebhookFiltersInput
from .webhook_list_response import WebhookListResponse
from .webhook_response import WebhookResponse
from .webhook_subscription import WebhookSubscription
from .webhook_subscription_with_secret import WebhookSubscriptionWithSecret
from .webhook_test_response import WebhookTestResponse
from .webhook_test_result import WebhookTestResult
from .webhook_update_body import WebhookUpdateBody
from .webhook_with_secret_response import WebhookWithSecretResponse

__all__ = (
    "ApiError",
    "ApiErrorDetail",
    "ApiErrorInfo",
    "BounceType",
    "CursorPagination",
    "DeliveryResult",
    "ErrorCode",
    "EventType",
    "MessageIdKind",
    "ResponseMeta",
    "WebhookCreateBody",
    "WebhookDeleted",
    "WebhookDeletedResponse",
    "WebhookDeliveryAttempt",
    "WebhookDeliveryListResponse",
    "WebhookDeliveryPayload",
    "WebhookDeliveryPayloadResponse",
    "WebhookEventData",
    "WebhookEventPayload",
    "WebhookFilters",
    "WebhookFiltersInput",
    "WebhookListResponse",
    "WebhookResponse",
    "WebhookSubscription",
    "WebhookSubscriptionWithSecret",
    "WebhookTestResponse",
    "WebhookTestResult",
    "WebhookUpdateBody",
    "WebhookWithSecretResponse",
)
