"""Sign-in pages for workers (PIN) and staff (password), activation, PIN change, login cards."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from lms.people.permissions import people_visible_to, user_can_manage_people

from . import services
from .cards import login_card
from .forms import ActivationForm, PinChangeForm, PinSignInForm

PIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_address(request) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR", "unknown")


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("dashboards:home")


def _signed_in_response(request, person):
    auth_login(request, person, backend=PIN_BACKEND)
    response = HttpResponseRedirect(_next_url(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        person.preferred_language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


def account_error_message(error: services.AccountError) -> str:
    """Plain words for each failure. A locked worker reads it in their own language."""
    if isinstance(error, services.AccountLocked):
        minutes = max(1, round((error.until - timezone.now()).total_seconds() / 60))
        with translation.override(error.person.preferred_language):
            return _(
                "Too many wrong tries. Your account is locked for %(minutes)s minutes, until %(time)s. "
                "Try again then, or ask your factory HR office to unlock it."
            ) % {"minutes": minutes, "time": timezone.localtime(error.until).strftime("%H:%M")}
    if isinstance(error, services.AddressThrottled):
        return _("Too many wrong tries from this connection. Wait %(minutes)s minutes, then try again.") % {
            "minutes": settings.SALA_ADDRESS_WINDOW_MINUTES
        }
    if isinstance(error, services.InvalidPin):
        return error.message
    return _(
        "The phone number, worker ID, PIN or code is not right. Check it and try again. "
        "If you have never chosen a PIN, use the code on your login card."
    )


@never_cache
@sensitive_post_parameters("pin", "password")
def login(request):
    """Two tabs: workers with a PIN (the default), staff with a password."""
    tab = "password" if (request.POST.get("tab") or request.GET.get("with")) == "password" else "pin"
    pin_form = PinSignInForm(request.POST if request.method == "POST" and tab == "pin" else None)
    password_form = AuthenticationForm(request, request.POST if request.method == "POST" and tab == "password" else None)
    address = client_address(request)
    if request.method == "POST" and tab == "pin" and pin_form.is_valid():
        try:
            person = services.pin_sign_in(
                identity=pin_form.identity, pin=pin_form.cleaned_data["pin"], address=address
            )
        except services.AccountError as error:
            pin_form.add_error(None, account_error_message(error))
        else:
            return _signed_in_response(request, person)
    if request.method == "POST" and tab == "password":
        if services.address_is_throttled(address):
            password_form = AuthenticationForm(request)
            password_form.add_error(None, account_error_message(services.AddressThrottled()))
        elif password_form.is_valid():
            return _signed_in_response(request, password_form.get_user())
        else:
            services.address_record_failure(address)
    return render(
        request,
        "accounts/login.html",
        {"tab": tab, "pin_form": pin_form, "password_form": password_form, "next": _next_url(request)},
    )


@never_cache
@sensitive_post_parameters("code", "new_pin", "new_pin_again")
def activate(request):
    """First sign-in: the code from the login card, then a PIN the worker chooses."""
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.account_activate(
                identity=form.identity,
                code=form.cleaned_data["code"],
                pin=form.cleaned_data["new_pin"],
                address=client_address(request),
            )
        except services.AccountError as error:
            form.add_error("new_pin" if isinstance(error, services.InvalidPin) else None, account_error_message(error))
        else:
            messages.success(request, _("Your PIN is set. Next time, sign in with your phone number and PIN."))
            return _signed_in_response(request, person)
    return render(request, "accounts/activate.html", {"form": form})


@never_cache
@login_required
@sensitive_post_parameters("current_pin", "new_pin", "new_pin_again")
def pin_change(request):
    form = PinChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pin_change(
                person=request.user, current_pin=form.cleaned_data["current_pin"], new_pin=form.cleaned_data["new_pin"]
            )
        except services.AccountLocked as error:
            # Locked while signed in: sign out so the next try goes through the lockout.
            messages.error(request, account_error_message(error))
            return redirect("accounts:login")
        except services.AccountError as error:
            field = "new_pin" if isinstance(error, services.InvalidPin) else "current_pin"
            form.add_error(field, account_error_message(error) if field == "new_pin" else _("That is not your current PIN."))
        else:
            messages.success(request, _("Your new PIN is saved."))
            return redirect("dashboards:home")
    return render(request, "accounts/pin_change.html", {"form": form})


@never_cache
@login_required
@require_POST
def login_cards(request):
    """Issue new one-time codes for the chosen people and show their printable login cards.

    The codes appear on this page only; they are stored hashed. Any person outside the user's
    factory makes the whole request fail with 404, so nothing is issued by half.
    """
    if not user_can_manage_people(request.user):
        raise Http404
    ids = {int(pk) for pk in request.POST.getlist("person") if pk.isdigit()}
    people = list(people_visible_to(request.user).filter(pk__in=ids).select_related("factory"))
    if not ids or len(people) != len(ids):
        raise Http404
    try:
        with transaction.atomic():
            cards = [
                login_card(person, services.activation_code_issue(person=person, issued_by=request.user), request)
                for person in people
            ]
    except services.NotAllowed as error:
        raise Http404 from error
    response = render(request, "accounts/login_cards.html", {"cards": cards})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def unlock(request, pk: int):
    person = get_object_or_404(people_visible_to(request.user), pk=pk)
    try:
        services.account_unlock(person=person, unlocked_by=request.user)
    except services.NotAllowed as error:
        raise Http404 from error
    messages.success(request, _("%(name)s can sign in again.") % {"name": person.display_name})
    return redirect("people:person_detail", pk=person.pk)
