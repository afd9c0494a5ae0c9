"""Sign-in pages for workers (PIN) and staff (password), activation, PIN change, login cards."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from lms.people.forms import PeopleSelectionForm
from lms.people.permissions import people_visible_to

from . import services
from .backends import client_address, sign_in_client
from .cards import card_batch_keep, card_batch_read, site_address
from .cards import login_cards as cards_for
from .forms import ActivationForm, PasswordSignInForm, PinChangeForm, PinSignInForm, account_error_message

PIN_BACKEND = "lms.accounts.backends.SignInBackend"
ROLE_HOLDERS_MESSAGE = gettext_lazy(
    "Login cards and unlocking for people with a role (union contact group, HR, trainers, programme staff) "
    "are handled by programme staff. Nothing was issued."
)


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("shell:home")


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


@never_cache
@sensitive_post_parameters("pin", "password")
def login(request):
    """Two tabs: workers with a PIN (the default), staff with a password."""
    tab = "password" if (request.POST.get("tab") or request.GET.get("with")) == "password" else "pin"
    pin_form = PinSignInForm(request.POST if request.method == "POST" and tab == "pin" else None)
    password_form = PasswordSignInForm(
        request, request.POST if request.method == "POST" and tab == "password" else None
    )
    address = client_address(request)
    if request.method == "POST" and tab == "pin" and pin_form.is_valid():
        try:
            person = services.pin_sign_in(
                identity=pin_form.identity,
                pin=pin_form.cleaned_data["pin"],
                address=address,
                client=sign_in_client(request),
            )
        except services.AccountError as error:
            pin_form.add_error(None, account_error_message(error))
        else:
            return _signed_in_response(request, person)
    # The authentication backend throttles, locks and counts failures; the form says why.
    if request.method == "POST" and tab == "password" and password_form.is_valid():
        return _signed_in_response(request, password_form.get_user())
    return render(
        request,
        "accounts/login.html",
        {
            "tab": tab,
            "pin_form": pin_form,
            "password_form": password_form,
            "next": _next_url(request),
            # Said before the first try, in the same words whoever types whatever number.
            "lockout_tries": settings.SALA_PIN_MAX_ATTEMPTS,
            "lockout_minutes": settings.SALA_PIN_LOCKOUT_MINUTES,
        },
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
                client=sign_in_client(request),
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
            # Locked while signed in: sign out, so the next try goes through the lockout.
            auth_logout(request)
            messages.error(request, account_error_message(error))
            return redirect("accounts:login")
        except services.AccountError as error:
            field = "new_pin" if isinstance(error, services.InvalidPin) else "current_pin"
            form.add_error(
                field, account_error_message(error) if field == "new_pin" else _("That is not your current PIN.")
            )
        else:
            messages.success(request, _("Your new PIN is saved."))
            return redirect("shell:home")
    return render(request, "accounts/pin_change.html", {"form": form})


@never_cache
@login_required
@require_POST
def login_cards(request):
    """Issue new one-time codes for the chosen people, then show their cards at the batch's address.

    The ticked people are all or nothing (services.login_cards_issue): a person outside the user's
    factory is a 404; a person whose sign-in only programme staff may handle is refused with a
    message. Everyone a search finds (the list's "all N people" choice) is read again here through
    the same search; its role holders are left out and counted instead. Issuing redirects, so
    reloading the cards shows the same codes and voids nothing.
    """
    selection = PeopleSelectionForm(request.POST, user=request.user)
    left_out = 0
    try:
        if not selection.is_valid():
            raise services.NoPeopleChosen()
        if selection.whole_search:
            issued, left_out = services.login_cards_issue_for_search(people=selection.people(), issued_by=request.user)
        else:
            issued = services.login_cards_issue(person_ids=selection.ticked_ids, issued_by=request.user)
    except services.PeopleNotFound:
        raise Http404 from None
    except services.NoPeopleChosen:
        return _refused(request, _("Choose the people to print login cards for."), status=400)
    except services.TooManyPeople as error:
        return _refused(request, _too_many_message(error), status=400)
    except services.NotAllowed:
        return _refused(request, ROLE_HOLDERS_MESSAGE, status=403)
    if left_out:
        messages.warning(
            request,
            ngettext(
                "%(count)s person with a role was left out: programme staff handle their login cards.",
                "%(count)s people with a role were left out: programme staff handle their login cards.",
                left_out,
            )
            % {"count": left_out},
        )
    batch = card_batch_keep(request.session, issued)
    return redirect("accounts:login_card_batch", batch=batch)


def _too_many_message(error: services.TooManyPeople) -> str:
    return _(
        "%(found)s people are chosen, and login cards are printed at most %(limit)s at a time. "
        "Narrow the search on the People page (a name, part of the worker IDs, or who works here now) "
        "and print the cards in parts. Nothing was issued."
    ) % {"found": error.found, "limit": error.limit}


@never_cache
@login_required
def login_card_batch(request, batch: str):
    """The cards of a batch this browser issued, the same codes at every reload, for a few hours.

    The codes are kept only in the issuer's own session (never in the address): another user, or
    the same user on another browser, gets a 404.
    """
    issued = card_batch_read(request.session, batch, people=people_visible_to(request.user))
    if issued is None:
        raise Http404
    response = render(
        request, "accounts/login_cards.html", {"cards": cards_for(issued, request), "site": site_address(request)}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def unlock(request, pk: int):
    person = get_object_or_404(people_visible_to(request.user), pk=pk)
    try:
        services.account_unlock(person=person, unlocked_by=request.user)
    except services.NotAllowed:
        return _refused(request, ROLE_HOLDERS_MESSAGE, status=403)
    messages.success(request, _("%(name)s can sign in again.") % {"name": person.display_name})
    return redirect("people:person_detail", pk=person.pk)


def _refused(request, message: str, *, status: int):
    return render(request, "accounts/refused.html", {"message": message}, status=status)
