"""The desk: server-rendered pages and a REST API over a store (`reprise serve`).

`app.create_app(db, token)` builds the FastAPI application; every page and API answer reads
through its own read-only connection, so readers never wait for `run` or `watch` writing.
"""
