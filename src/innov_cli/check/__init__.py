"""`innov check`: find the checkable figures in a text and judge each against the knowledge base.

The direction of travel is the rest of innov's: `claims` reads the text (sentences, quantities,
ranks, mentions of regions, metrics and years) into plain `Claim`s, `judge` compares each with the
preferred figure and gives a `Verdict` with the facts it used. Neither knows the CLI.
"""
