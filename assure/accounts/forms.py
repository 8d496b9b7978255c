from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm

from assure.core.forms import GovukForm, GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    username = forms.EmailField(label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password. The password is case-sensitive.",
        "inactive": "This account has been switched off. Ask your system administrator.",
    }
    error_anchor = "id_username"

    def clean_username(self) -> str:
        # Accounts are stored in lower case; lowering here also counts failures against one name.
        return str(self.cleaned_data["username"]).strip().lower()


class AssurePasswordChangeForm(GovukFormMixin, PasswordChangeForm):
    error_anchor = "id_old_password"


class TokenForm(GovukForm):
    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code shown in the app, for example 123456.",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
                "spellcheck": "false",
            }
        ),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("The code must be 6 numbers.")
        return token


class AccessLogSearchForm(GovukForm):
    text = forms.CharField(
        label="Person, record or page",
        required=False,
        help_text="A name, e-mail address, record id or part of a page address.",
    )
    object_type = forms.CharField(label="Type of record", required=False)
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be the same as or after the start date.")
        return data


class AssureSetPasswordForm(GovukFormMixin, SetPasswordForm):
    error_anchor = "id_new_password1"


class AccountActionForm(GovukForm):
    action = forms.ChoiceField(
        choices=[
            ("create", "Give a sign-in account"),
            ("send_link", "Send a link to set a password"),
            ("reset_two_factor", "Remove two-factor sign-in"),
            ("switch_off", "Switch off the account"),
            ("switch_on", "Switch on the account"),
        ],
        widget=forms.HiddenInput,
    )
