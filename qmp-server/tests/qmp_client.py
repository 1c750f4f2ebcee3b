"""Drives qmp-server with QEMU's own Python client, qemu.qmp."""

import asyncio
import sys

from qemu.qmp import ExecuteError, QMPClient


async def main(path: str) -> None:
    qmp = QMPClient("qapi-rs-test")
    await qmp.connect(path)
    version = await qmp.execute("query-version")
    assert version["qemu"] == {"major": 10, "minor": 0, "micro": 2}, version
    status = await qmp.execute("query-status")
    assert status == {"status": "prelaunch", "running": False}, status
    try:
        await qmp.execute("no-such-command")
        raise SystemExit("an unknown command did not fail")
    except ExecuteError as err:
        assert err.error_class == "CommandNotFound", err.error_class
    try:
        await qmp.execute("qom-list", {})
        raise SystemExit("a missing argument did not fail")
    except ExecuteError as err:
        assert err.error_class == "GenericError", err.error_class
        assert "Parameter 'path' is missing" in str(err), str(err)
    await qmp.execute("quit")
    try:
        await qmp.disconnect()
    except EOFError:
        pass  # The server closes after quit, as QEMU does.
    print("qemu.qmp client: ok")


asyncio.run(main(sys.argv[1]))
