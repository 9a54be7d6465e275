"""How `readmit serve` runs: the access log records paths without their query strings."""

import logging

from readmit.web.serving import PathOnly, log_config


def test_the_access_log_drops_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/applications/7/verify?number=360426199101010071", "1.1", 200),
        None,
    )
    assert PathOnly().filter(record)
    line = record.getMessage()
    assert "360426199101010071" not in line and "/applications/7/verify" in line


def test_serve_installs_the_filter_on_the_access_log() -> None:
    config = log_config()
    assert config["handlers"]["access"]["filters"] == ["path_only"]
    assert config["filters"]["path_only"]["()"] is PathOnly
