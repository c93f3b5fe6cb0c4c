"""The syntactic parser: a client of the Stanford CoreNLP server and a cache of its parses."""
