"""The deployment check says when production's SMS would never reach a phone."""

from django.test import override_settings

from lms.messaging.checks import HTTP_GATEWAY, sms_backend_check


@override_settings(SALA_SMS_BACKEND="lms.messaging.sms.ConsoleBackend")
def test_console_backend_is_reported():
    assert [issue.id for issue in sms_backend_check()] == ["messaging.W001"]


@override_settings(SALA_SMS_BACKEND=HTTP_GATEWAY, SALA_SMS_URL="")
def test_gateway_without_address_is_an_error():
    assert [issue.id for issue in sms_backend_check()] == ["messaging.E001"]


@override_settings(SALA_SMS_BACKEND=HTTP_GATEWAY, SALA_SMS_URL="https://sms.example.org/send")
def test_configured_gateway_passes():
    assert sms_backend_check() == []
