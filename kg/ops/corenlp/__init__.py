"""Stanford CoreNLP 4.5.10, the syntactic parser: fetched from Maven Central, run as a server.

CoreNLP is GPL-3.0 and runs as its own process; the project only talks to it over HTTP.
"""
