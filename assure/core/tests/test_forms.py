"""GOV.UK form rendering: widget markup and error messages that say what to do."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django import forms

from assure.core.forms import GovukForm


class _Example(GovukForm):
    name = forms.CharField()
    email = forms.EmailField(label="E-mail address")
    fte = forms.DecimalField(label="FTE")
    code = forms.CharField(label="DfE LA code")
    kind = forms.ChoiceField(label="Type of team", choices=[("a", "A")])
    agreed = forms.BooleanField(label="I agree")
    roles = forms.MultipleChoiceField(choices=[("x", "X")], widget=forms.CheckboxSelectMultiple)
    upload = forms.FileField(label="File")
    own = forms.CharField(error_messages={"required": "Enter the team's own name"})


def test_required_messages_say_what_to_do() -> None:
    form = _Example(data={})
    assert not form.is_valid()
    assert {name: errors[0] for name, errors in form.errors.items()} == {
        "name": "Enter name",
        "email": "Enter e-mail address",
        "fte": "Enter FTE",
        "code": "Enter DfE LA code",
        "kind": "Select type of team",
        "agreed": "This field is required.",
        "roles": "Select roles",
        "upload": "Select file",
        "own": "Enter the team's own name",
    }


def test_choices_use_govuk_frontend_markup() -> None:
    """Assure's widget templates win over Django's own (django.forms comes last in INSTALLED_APPS)."""
    soup = BeautifulSoup(str(_Example()), "html.parser")
    assert soup.select_one("#id_agreed")["class"] == ["govuk-checkboxes__input"]
    assert soup.select_one("#id_roles_0")["class"] == ["govuk-checkboxes__input"]
    assert soup.select_one("#id_roles_0").find_parent(class_="govuk-checkboxes") is not None
    assert soup.select_one("label[for=id_roles_0]")["class"] == ["govuk-label", "govuk-checkboxes__label"]


def test_error_summary_links_reach_a_real_input_for_radios_and_checkboxes() -> None:
    from django.template.loader import render_to_string

    class _Choice(GovukForm):
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        roles = forms.MultipleChoiceField(choices=[("x", "X")], widget=forms.CheckboxSelectMultiple)
        name = forms.CharField()

    form = _Choice(data={})
    assert not form.is_valid()
    summary = BeautifulSoup(render_to_string("core/includes/error_summary.html", {"form": form}), "html.parser")
    page = BeautifulSoup(str(form), "html.parser")
    targets = [a["href"] for a in summary.select(".govuk-error-summary__list a")]
    assert len(targets) == 3
    for href in targets:
        assert href.startswith("#") and page.find(id=href[1:]) is not None, href
