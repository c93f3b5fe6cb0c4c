"""``kg nlp start|stop|status``: the locally launched Stanford CoreNLP server (the parser)."""

from __future__ import annotations

import typer

from kg.cli.common import console, handle_errors, settings
from kg.ops.corenlp import launcher

app = typer.Typer(
    help="Run the local Stanford CoreNLP 4.5.10 server, the syntactic parser (GPL-3.0, its own "
    "process, fetched from Maven Central on first use).",
    no_args_is_help=True,
)


@app.command()
@handle_errors
def start() -> None:
    r"""Start CoreNLP on 127.0.0.1 (fetching it first if needed) and wait until it parses.

    Example: start it on port 9001 and parse a sentence with curl (7.87+):

        KG_NLP_PORT=9001 kg nlp start

        curl -s --url-query 'properties={"annotators":"depparse"}' \
          --data 'Rebels captured the village.' http://127.0.0.1:9001/
    """
    cfg = settings()
    if not launcher.ServerPaths.from_settings(cfg).jars_ready:
        console.print(
            f"Fetching Stanford CoreNLP {launcher.corenlp_version()} and its English models "
            "(about 480 MB) with Maven (first run only)…"
        )
    was_running = launcher.status(cfg).running
    st = launcher.start(cfg)
    verb = "already running" if was_running else "started"
    console.print(f"CoreNLP {st.version} {verb} (pid {st.pid}): {st.url}", highlight=False)


@app.command()
@handle_errors
def stop() -> None:
    """Stop CoreNLP.

    Example: kg nlp stop
    """
    cfg = settings()
    if cfg.nlp_external:
        console.print(
            f"KG_NLP_URL is set: the external server at {cfg.nlp_server_url} is not ours."
        )
        return
    stopped = launcher.stop(cfg)
    console.print("CoreNLP stopped." if stopped else "CoreNLP was not running.")


@app.command()
@handle_errors
def status() -> None:
    """Print version, pid, URL and log file; exit 1 when the server does not answer.

    Example: kg nlp status
    """
    st = launcher.status(settings())
    console.print(f"running:   {'yes' if st.running else 'no'}")
    console.print(f"version:   {st.version}")
    console.print(f"url:       {st.url}" + ("  (external, KG_NLP_URL)" if st.external else ""))
    if not st.external:
        console.print(f"pid:       {st.pid or '-'}")
        console.print(f"log file:  {st.log_file}")
    if not st.running:
        raise typer.Exit(1)
