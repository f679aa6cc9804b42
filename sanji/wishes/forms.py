"""Page forms. They only collect input; the services decide what is valid."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanji.core.errors import InvalidInput

from .models import DutyType, Satisfaction


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files; the services check each one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


class WishForm(forms.Form):
    resident = forms.CharField(label=_("Resident"), required=False)
    text = forms.CharField(
        label=_("Your wish"), widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}), required=False,
        help_text=_("Say in your own words what would help, e.g. “someone to tutor my daughter in maths”."),
    )
    category = forms.ChoiceField(label=_("Category (if you know it)"), required=False)
    promised_value = forms.CharField(label=_("Estimated value in yuan (optional)"), required=False)
    needs_policy = forms.BooleanField(label=_("This needs a policy answer rather than a helper"), required=False)
    photos = MultipleFileField(
        label=_("Photos (optional)"), required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Up to 6 photos of what needs help, e.g. the broken tap."),
    )
    channel = forms.ChoiceField(
        label=_("How it was collected"), required=False,
        choices=[("visit", _("Staff on a visit")), ("hotline", _("Hotline"))],
    )

    def __init__(self, *args, on_behalf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Not sure"))] + [
            (t.code, f"{t.category.name} · {t.name}") for t in DutyType.objects.select_related("category")
        ]
        self.fields["text"].widget.attrs.update({
            "hx-post": reverse("wishes:duplicates"), "hx-trigger": "input changed delay:700ms",
            "hx-target": "#duplicates", "hx-swap": "outerHTML",
            "hx-include": "[name=csrfmiddlewaretoken], [name=resident]:checked",
        })
        if not on_behalf:
            del self.fields["resident"]
            del self.fields["channel"]
            del self.fields["needs_policy"]

    def add_service_error(self, error: InvalidInput) -> None:
        field = error.extra.get("field")
        self.add_error(field if field in self.fields else None, str(error.message))


class VolunteerForm(forms.Form):
    name = forms.CharField(label=_("Volunteer's name"), max_length=50)
    hours = forms.CharField(label=_("Hours"), max_length=8)


SATISFACTION_CHOICES = Satisfaction.choices
