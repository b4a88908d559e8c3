"""h90: the words that make a question a yes/no about the company's own figure against a mark (declarations only;
``moat.ai.own_figure`` reads them)."""

from __future__ import annotations

# a yes/no question's opening (after a greeting or "so"): "did we ...", "was our margin ...", "has revenue ..."
YES_NO = (r"^(?:(?:hey|hi|so|ok|okay|quick one|quick q|quick question|just checking|and|but|um|uh|also)[\s,.-]+)*"
          r"(?:did|do|does|was|were|is|are|has|have|had|am)\b")
# words that ask about clients, technicians or other entities: then the mark is a threshold over them
ENTITIES = (r"\b(?:which|who|whom|whose|whoever|any|anyone|anybody|anything|each|every|per|there|how many|number of|"
            r"count of|list|all|clients?|customers?|accounts?|techs?|technicians?|engineers?|staff|people|employees?|"
            r"products?|vendors?|segments?|sites?|contracts?|ones?)\b")
# a mark reached: "hit / reach / make / meet 30%" is at least it; "clear / beat / go past / exceed 30%" is over it (the
# verb only: "cleared the 85% bar" is then "over the 85% bar", which ``owner_forms`` reads)
# h95: the one pattern of reaching a mark: ``spoken_amounts`` reads it too ("which techs hit 90%": at least 90%), before a
# percentage only; a verb said in the negative ("not hit", "never reached") is a mark missed, never reached
REACHED = (r"(?<!\bnot )(?<!\bnever )\b(?:hit|hits|reach|reached|reaches|make|made|meet|met|achieve|achieved|achieves|"
           r"get to|got to|gotten to)\s+(?:the\s+|a\s+|an\s+|our\s+|their\s+|his\s+|her\s+)?(?=\$?\d)")
PASSED = (r"\b(?:clear|cleared|clears|beat|beaten|beats|exceed|exceeded|exceeds|pass|passed|go past|gone past|went past|"
          r"get past|got past|break|broke|broken|crack|cracked|surpass|surpassed)\b(?=\s+(?:the\s+|a\s+|an\s+|our\s+)?\$?\d)")
# a mark not reached: "miss / fall short of / not hit 30%" is under it
MISSED = (r"\b(?:(?:did not|didn't|didnt|do not|don't|dont|not|never|fail to|failed to)\s+(?:hit|reach|make|meet|"
          r"achieve|get to|clear)|miss|missed|fall short of|fell short of)\s+(?:the\s+|a\s+|an\s+|our\s+)?(?=\$?\d)")
# "stay / keep ... above": staying is the figure's side of the mark over the period, the verb adds nothing to read
KEPT = (r"\b(?:stay|stayed|stays|remain|remained|remains|keep|kept)\b(?=(?:\s+[a-z]+){0,3}?\s+"
        r"(?:above|over|below|under|at least|at most|more than|less than)\b)")
# words that rank: "did our top clients clear 30%" asks about entities too ("at least" / "at most" and "top" said of an amount are read apart)
RANKED = (r"\b(?:top|bottom|highest|lowest|most|least|best|worst|biggest|smallest|largest|rank|ranked|ranking|"
          r"first|last one)\b")
# "top" said as a verb before an amount ("did revenue top 200k", "topped $90,000"), no ranking
TOPPED = r"\btop(?:s|ped|ping)?\s+(?=\$|\d[\d,.]*\s*(?:k|m|thousand|grand|million|percent)\b|\d{1,3},\d{3}|\d{4,})"
