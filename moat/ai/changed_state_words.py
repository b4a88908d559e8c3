"""h139 (h133 M): words of a change of state or of equality between two periods that the reading answers as a level
or a sum -- declarations only; ``moat.ai.changed_state`` reads them."""

from __future__ import annotations

# "went / fell / slipped / dipped into the red (a loss)", "turned unprofitable": a change INTO the state, not being in it
INTO_LOSS = (r"\b(?:went|go|goes|going|gone|fell|fall|falls|falling|fallen|slipped|slip|slips|dipped|dip|dips|moved|"
             r"move|moves|tipped|tip|turned|turn|turns|swung|swing|flipped|flip|dropped|drop|drops|sank|sink|sinks|slid|slide|"
             r"slides)\s+(?:\w+\s+)?(?:into|to|in)\s+(?:the\s+)?"
             r"(?:red|a\s+loss|loss|negative)\b(?![- ]making)|\b(?:turned|turn|turns|became|become|becomes)\s+(?:loss[- ]making|"
             r"unprofitable)\b|\bstarted\s+(?:losing|to\s+lose)\b")
# "the same revenue in April and May", "unchanged", "identical", "equal": equal in both periods, never their sum
SAME = (r"\b(?:(?:exactly|just|about)\s+)?the same\b(?!\s+(?:period|month|quarter|year|time|days|stretch|week|weeks|"
        r"months|quarters|as\b))|\b(?:unchanged|identical|equal)\b")
