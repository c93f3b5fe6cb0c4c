"""Token-window rules for run-on sentences.

A dependency parse of a sentence of more than ``pipeline.LONG_SENTENCE`` tokens (the run-on
sentences of literal translations, which chain clause after clause with commas) attaches
arguments unreliably. For those sentences the extractor reads events with these rules
instead: triggers as token patterns (``lexicon``), roles from word order and prepositions
within the trigger's comma-delimited segment (``roles``), places of that segment
(``places``), and the same filters for non-factual mentions (``events``). They were the
project's first extractor (rules-1.x) and are kept for this one job.
"""
