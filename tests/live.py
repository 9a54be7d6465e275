"""The real app served by uvicorn in a background thread, on a given database, on a free
loopback port: for what only a real server shows (a browser, bodies in pieces, requests side
by side)."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from readmit.web.app import create_app
from readmit.web.deps import get_db


@contextmanager
def serving(engine: Engine) -> Iterator[tuple[str, int]]:
    """(host, port) of the app serving `engine`'s database, until the block ends."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)

    def _db() -> Iterator[Session]:
        with sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    app = create_app()
    app.dependency_overrides[get_db] = _db
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield sock.getsockname()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
