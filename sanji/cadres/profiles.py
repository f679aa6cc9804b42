"""Read cadres and community needs into the pure profiles that ``fit`` and ``planner`` score."""

from sanji.core.models import Area

from .fit import CadreProfile, NeedProfile, Weights
from .models import Batch, Cadre, CommunityNeed, Difficulty


def cadre_profile(cadre: Cadre) -> CadreProfile:
    """Return ``cadre``'s profile; expects ``agency`` and ``home_community`` loaded and ``supervises`` prefetched."""
    return CadreProfile(
        id=str(cadre.pk),
        level=cadre.level,
        skills=frozenset(cadre.skills),
        agency_business=frozenset(cadre.agency.business),
        home_path=cadre.home_community.path if cadre.home_community_id else None,
        supervised_paths=tuple(area.path for area in cadre.agency.supervises.all()),
    )


def need_profile(community: Area, need: CommunityNeed | None) -> NeedProfile:
    """Return the need profile of ``community``; one that published no need is ordinary and wants nothing."""
    return NeedProfile(
        id=str(community.pk),
        path=community.path,
        difficulty=need.difficulty if need else Difficulty.ORDINARY,
        weak=need.weak_foundation if need else False,
        wanted=frozenset(need.wanted) if need else frozenset(),
    )


def weights_of(batch: Batch) -> Weights:
    return Weights(batch.weight_ability, batch.weight_business, batch.weight_professional)


def cadres_with_profiles(queryset):
    """Return ``queryset`` of cadres with what ``cadre_profile`` reads loaded in a fixed number of queries."""
    return queryset.select_related("agency", "home_community").prefetch_related("agency__supervises")


def needs_by_community(community_ids) -> dict[int, CommunityNeed]:
    return {need.community_id: need for need in CommunityNeed.objects.filter(community_id__in=list(community_ids))}
