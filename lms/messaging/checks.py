"""Deployment checks: a production server whose SMS would never reach a phone says so at start-up."""

from django.conf import settings
from django.core import checks

HTTP_GATEWAY = "lms.messaging.sms.HttpGatewayBackend"


@checks.register(checks.Tags.compatibility, deploy=True)
def sms_backend_check(app_configs=None, **kwargs):
    backend = settings.SALA_SMS_BACKEND
    if backend != HTTP_GATEWAY:
        return [
            checks.Warning(
                f"SALA_SMS_BACKEND is {backend}: SMS are not sent to any phone.",
                hint=f"Set SALA_SMS_BACKEND={HTTP_GATEWAY} with SALA_SMS_URL (README, Messages).",
                id="messaging.W001",
            )
        ]
    if not settings.SALA_SMS_URL:
        return [
            checks.Error(
                "SALA_SMS_BACKEND is the HTTP gateway but SALA_SMS_URL is not set: no SMS can be sent.",
                id="messaging.E001",
            )
        ]
    return []
