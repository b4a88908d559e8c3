"""h139 (h133 D, F): the words of a count or list of entities whose verb is negated ("clients Priya did NOT work
for", "clients with no licences") or that asks for those tied to BOTH of two names ("clients Priya and Tom both worked
for") -- declarations only; ``moat.ai.negated_count`` reads them."""

from __future__ import annotations

# a question about entities: counted or listed
ABOUT_ENTITIES = r"\b(?:how many|number of|count|which|who|whom|list|name)\b|^(?:clients?|customers?|accounts?|techs?|" \
                 r"technicians?|engineers?|products?|vendors?)\b"
# a negation bound to an activity: "did not / didn't / never work (for)", "did no work", "have no licences", "didn't
# log any", "didn't bill any time"; "not billed" / "didn't bill" alone are the non-billable measure (h23) and "don't
# make money" the loss-makers (h65), both read elsewhere
NEGATED = (r"\b(?:(?:did|do|does|have|has|had)\s*n[o']?t|didnt|dont|doesnt|havent|hasnt|never|not)\s+(?:(?:do|did|doing|even|ever|yet|actually|once)\s+)?(?:any\s+)?"
           r"(?:work\w*|log\w*|spend|spent|touch\w*|help\w*|support\w*|serv\w*|use|used|hold|held|buy|bought|have|had|"
           r"bill\w*\s+(?:any|a single|one)\b|record\w*)"
           r"|\b(?:did|do|does|have|has|had|with|logged|log|holding|hold|held)\s+no\s+(?:\w+\s+)?(?:work|time|hours?|"
           r"licen[cs]es?|seats?|products?|subscriptions?|activity|entries)\b")
# "both X and Y": the entities tied to every one of the names, never to any one of them
BOTH = r"\bboth\b"
