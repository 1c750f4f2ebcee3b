#!/usr/bin/env python3
"""Start-up cost of qmp-server beside real QEMU: a whole process, from
start to `quit` over stdio, paired runs alternating, pinned to CPU 0.

    python3 benches/startup.py [RUNS] [TARGET]

Builds `qmp-server` (release; CARGO_TARGET_DIR is honoured), then prints
the median wall time and peak RSS of each and their ratios.  Times come
from spawning the process directly (posix_spawn, no shell); peak RSS from
`/usr/bin/time -f %M` runs, since a child spawned from this interpreter
inherits its high-water mark across exec.
"""

import os
import statistics
import subprocess
import sys
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 50
TARGET = sys.argv[2] if len(sys.argv) > 2 else "x86_64"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET_DIR = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
SESSION = b'{"execute": "qmp_capabilities"}\n{"execute": "quit"}\n'


def wall_ms(argv):
    """Milliseconds from spawning argv to its exit, fed SESSION."""
    stdin_r, stdin_w = os.pipe()
    out_r, out_w = os.pipe()
    actions = [
        (os.POSIX_SPAWN_DUP2, stdin_r, 0),
        (os.POSIX_SPAWN_DUP2, out_w, 1),
    ] + [(os.POSIX_SPAWN_CLOSE, fd) for fd in (stdin_r, stdin_w, out_r, out_w)]
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
    os.close(stdin_r)
    os.close(out_w)
    os.write(stdin_w, SESSION)
    os.close(stdin_w)
    out = b""
    while chunk := os.read(out_r, 1 << 16):
        out += chunk
    os.waitpid(pid, 0)
    elapsed = (time.perf_counter() - start) * 1e3
    os.close(out_r)
    if b"SHUTDOWN" not in out:
        sys.exit(f"{argv[0]} did not quit: {out[:200]!r}")
    return elapsed


def peak_rss_kib(argv):
    """Peak RSS of one run of argv, fed SESSION, as GNU time reports it."""
    run = subprocess.run(
        ["/usr/bin/time", "-f", "%M"] + argv,
        input=SESSION,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
    )
    return int(run.stderr.split()[-1])


def main():
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", "qmp-server"],
        cwd=ROOT,
        check=True,
    )
    # Children inherit the affinity: no `taskset` process in the timing.
    os.sched_setaffinity(0, {0})
    ours = [os.path.join(TARGET_DIR, "release", "qmp-server"), "--target", TARGET, "--stdio"]
    qemu = [
        f"qemu-system-{TARGET}", "-machine", "none", "-S", "-qmp", "stdio",
        "-display", "none", "-nodefaults",
    ]
    runs = {"qemu": ([], []), "ours": ([], [])}
    for _ in range(RUNS):
        for name, argv in (("qemu", qemu), ("ours", ours)):
            runs[name][0].append(wall_ms(argv))
            runs[name][1].append(peak_rss_kib(argv))
    medians = {}
    for name, (walls, rss) in runs.items():
        medians[name] = (statistics.median(walls), statistics.median(rss))
        print(f"{name:5} {TARGET}: {medians[name][0]:6.2f} ms  "
              f"peak RSS {medians[name][1] / 1024:5.1f} MiB  (median of {RUNS})")
    (qemu_ms, qemu_rss), (ours_ms, ours_rss) = medians["qemu"], medians["ours"]
    print(f"ours/qemu: time {ours_ms / qemu_ms:.3f} (at most 1/6 = 0.167), "
          f"peak RSS {ours_rss / qemu_rss:.3f} (at most 0.5)")


if __name__ == "__main__":
    main()
