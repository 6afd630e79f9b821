"""Extraction: one module per stage, each a list of small registered rules over the lexicons.

``registry`` holds the table of stages and rules, ``overlaps`` the one policy that settles
overlapping mentions; ``graph.pipeline`` imports the stages and runs them. Rules never read
files or write RDF.
"""
