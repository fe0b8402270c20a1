"""``trimtab mcp --http``: the same tools over streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from mcp import Client
from mcp.types import CallToolResult, TextContent

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/household.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server_url() -> Iterator[str]:
    """``trimtab mcp --http --port P`` started in ROOT, stopped after the test."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "trimtab", "mcp", "--http", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):  # until it listens (a slow machine may take a while)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1.0).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("trimtab mcp --http exited")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        proc.wait()


def test_over_http_the_tools_answer_as_the_cli(server_url: str) -> None:
    async def run() -> tuple[set[str], CallToolResult]:
        async with Client(server_url) as client:
            listed = await client.list_tools()
            return {t.name for t in listed.tools}, await client.call_tool(
                "drift", {"household": EXAMPLE}
            )

    names, result = anyio.run(run)
    assert "plan" in names
    expected = subprocess.run(
        [sys.executable, "-m", "trimtab", "drift", EXAMPLE, "--json"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    content = result.content[0]
    assert isinstance(content, TextContent)
    assert content.text.encode("utf-8") == expected


def test_over_http_only_local_hosts_are_served(server_url: str) -> None:
    # DNS-rebinding protection: a request naming another host is refused
    port = int(server_url.rsplit(":", 1)[1].split("/")[0])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "evil.example", "Content-Type": "application/json"}
    connection.request("POST", "/mcp", body=b"{}", headers=headers)
    status = connection.getresponse().status
    connection.close()
    assert status in (400, 403, 421)
