"""Admin pages for the pool: agencies and who acts for them, cadres, and communities' needs.

Skills are chosen from the catalogue with check boxes, so the data the fit reads holds only known codes.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Agency, AgencyDesk, Cadre, CommunityNeed, Skill


def _skills(label):
    return forms.MultipleChoiceField(label=label, choices=Skill.choices, required=False,
                                     widget=forms.CheckboxSelectMultiple)


class AgencyForm(forms.ModelForm):
    business = _skills(_("lines of business"))

    class Meta:
        model = Agency
        fields = ["name", "business", "supervises"]


class CadreForm(forms.ModelForm):
    skills = _skills(_("skills"))

    class Meta:
        model = Cadre
        fields = ["name", "agency", "born_on", "rank", "major", "skills", "grassroots_experience", "home_community",
                  "user"]


class NeedForm(forms.ModelForm):
    wanted = _skills(_("skills wanted"))

    class Meta:
        model = CommunityNeed
        fields = ["community", "difficulty", "weak_foundation", "wanted", "capacity", "note"]


class DeskInline(admin.TabularInline):
    model = AgencyDesk
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["supervises"]
    inlines = [DeskInline]


@admin.register(Cadre)
class CadreAdmin(admin.ModelAdmin):
    form = CadreForm
    list_display = ["name", "agency", "rank", "born_on", "grassroots_experience"]
    list_filter = ["rank", "grassroots_experience", "agency"]
    search_fields = ["name", "agency__name"]
    autocomplete_fields = ["user", "home_community"]


@admin.register(CommunityNeed)
class CommunityNeedAdmin(admin.ModelAdmin):
    form = NeedForm
    list_display = ["community", "difficulty", "weak_foundation", "capacity"]
    list_filter = ["difficulty", "weak_foundation"]
    autocomplete_fields = ["community"]
