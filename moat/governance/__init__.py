"""Who may do what, what was done (the audit chain), and what needs a second pair of eyes."""
