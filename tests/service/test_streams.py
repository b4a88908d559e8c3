"""Per-thread standard streams: two threads bound at once each get only their own output and input."""

from __future__ import annotations

import getpass
import io
import sys
import threading

from moat.service import streams


def test_each_thread_writes_and_reads_only_its_own_streams() -> None:
    streams.install()
    outs = {n: io.StringIO() for n in range(2)}
    barrier = threading.Barrier(2)
    seen: dict[int, str] = {}

    def work(n: int) -> None:
        with streams.bind(outs[n], io.StringIO(), io.StringIO(f"secret-{n}\n")):
            barrier.wait()  # both threads are bound at the same moment
            for i in range(200):
                print(f"thread {n} line {i}")
            seen[n] = getpass.getpass("never shown on a terminal: ")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n in range(2):
        lines = outs[n].getvalue().splitlines()
        assert len(lines) == 200 and all(line.startswith(f"thread {n} ") for line in lines)
        assert seen[n] == f"secret-{n}"
    assert not isinstance(sys.stdout._target(), io.StringIO)  # type: ignore[attr-defined]  # unbound: the real stream
