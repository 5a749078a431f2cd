"""`copydesk serve`: the pipeline kept warm behind a small HTTP API and a check page.

One module per job: archive (the warm archive: loaded once, a draft checked against it),
security (token, server.json, Host/Origin/size checks), app (the FastAPI routes), page
(the check page and its Content-Security-Policy). The command itself is cli/serve.py.
"""
