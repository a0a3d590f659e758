"""``{% referral_eligibility referral %}``: the facts a counsellor checked with the person at
the referral, the verdict and the proofs to bring (prescriber and centre pages)."""

from django import template

from tremplin.intake.models import ReferralEligibility
from tremplin.www.prescriber import eligibility

register = template.Library()


@register.inclusion_tag("www/prescriber/referrals/_eligibility.html")
def referral_eligibility(referral):
    try:
        kept = referral.eligibility
    except ReferralEligibility.DoesNotExist:
        return {"kept": None}
    return {"kept": eligibility.kept(kept)}
