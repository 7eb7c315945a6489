"""The command line's client of the running dashboard's HTTP API (`--server URL`, $DASHBOARD_URL):
while the dashboard holds the database file, scripts import, undo and read through it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import httpx

from analytics import texts
from analytics.access import AccessDenied
from analytics.cli import CliError, CliRefused

URL_ENV_VAR = "DASHBOARD_URL"
TOKEN_ENV_VAR = "DASHBOARD_TOKEN"
API_PREFIX = "/api/v1"
# An import of a large file may take minutes on a busy server.
TIMEOUT = httpx.Timeout(600.0, connect=10.0)


def server_url(args, explicit_only: bool = False) -> str | None:
    """--server, else (unless explicit_only) $DASHBOARD_URL."""
    url = getattr(args, "server", None) or (None if explicit_only else os.environ.get(URL_ENV_VAR))
    return url.rstrip("/") if url else None


@dataclass
class Server:
    """One running dashboard and the token that acts as an account on it."""

    url: str
    token: str
    campaign: str | None = None     # --campaign: the campaign every request works in

    @classmethod
    def from_args(cls, args, url: str) -> Server:
        token = getattr(args, "token", None) or os.environ.get(TOKEN_ENV_VAR)
        if not token:
            raise CliRefused(texts.CLI_SERVER_NEED_TOKEN)
        return cls(url, token, getattr(args, "campaign", None))

    def call(self, method: str, path: str, accept: tuple[int, ...] = (200,), **kwargs) -> httpx.Response:
        """One request; a refusal the CLI would also give becomes its error and exit code (401:
        2, 403: AccessDenied, 2; others: 1, with the server's Vietnamese message)."""
        if self.campaign:
            # the campaign travels in the query string, whatever else the request sends
            params = kwargs.get("params") or []
            kwargs["params"] = [*(params.items() if isinstance(params, dict) else params), ("campaign", self.campaign)]
        try:
            response = httpx.request(method, self.url + API_PREFIX + path, timeout=TIMEOUT,
                                     headers={"Authorization": f"Bearer {self.token}"}, **kwargs)
        except httpx.HTTPError as exc:
            raise CliError(texts.CLI_SERVER_UNREACHABLE.format(url=self.url, error=exc)) from None
        if response.status_code in accept:
            return response
        message = self._message(response)
        if response.status_code == 401:
            raise CliRefused(message)
        if response.status_code == 403:
            raise AccessDenied(message)
        raise CliError(message)

    def _message(self, response: httpx.Response) -> str:
        try:
            return response.json()["error"]
        except (ValueError, KeyError, TypeError):
            return texts.CLI_SERVER_BAD_ANSWER.format(url=self.url, status=response.status_code)

    def upload(self, path: Path, params: dict) -> dict:
        """POST /imports: the `ingest --json` object of one file (accepted or refused alike)."""
        with path.open("rb") as handle:
            response = self.call("POST", "/imports", accept=(200, 422), files={"file": (path.name, handle)},
                                 data={k: str(v) for k, v in params.items() if v not in (None, False)})
        return response.json()
