"""Runs the wrapper drivers side by side and compares each figure with C block by block.

    python3 paired.py WORKDIR LANG...      (LANG: c first, then cpp, python, csharp, go, java, node)

Every driver (`<lang>.sh run WORKDIR`) builds its client, warms up, prints `READY <figure>...` and
then answers each line `<figure> <count>` on its stdin with the nanoseconds that many calls took
and the CPU nanoseconds its process used meanwhile (all its threads).
All drivers stay running; this script alternates blocks: C, a figure, C, the next figure, ... so
each figure's block is measured between two C blocks taken within milliseconds of it, and its
ratio is to their mean. Load changes on this shared machine (seconds long, ±30% or more) then
fall on both sides of each ratio alike. The order of the figures rotates every round.
A figure's process may go on working once its calls have returned (Go's runtime's threads
do) and slow the C block after it, which lowers that figure's block ratios and the next one's:
next_c_ratio (median of that block's time over the one before the figure) shows it,
median_ratio (the figure's median time per call over C's) does not depend on it, and the CPU
time the figure's process used during that C block is added to the figure's own.

A figure whose name ends in `-async` is a non-blocking call (a Promise, a Task, a future): the
call runs on another thread and its result comes back. Its blocks are also bracketed by blocks of
C's own hand-off (`c-hop`: C giving each call to a worker thread and waiting for it), and its
ratio to those (ratio_vs_c_hop) is what the wrapper adds to the hand-off any caller pays.

After the rounds, one more block of each figure (WRAP_THREAD_BLOCK calls, 1000 by default) is
watched thread by thread through /proc: RESULT threads gives how many of the driver's threads
woke or used CPU during it and their voluntary context switches per call (C's one thread
sleeps once per call, waiting for the response; BENCHMARKS.md, section 4, for what Go's
showed).

Env: WRAP_ROUNDS (rounds; benches/run.sh: 30), WRAP_BLOCK (calls per block; run.sh: 200). Prints one
RESULT line per figure: the median over the rounds of its block ratio to C, with the quartiles,
and its median microseconds per call; the same for CPU time (cpu_ratio_vs_c: the process's CPU
time per call, all threads, against C's: the work the wrapper adds, less sensitive than wall time
to waiting on a busy machine); `hop-*` figures (Node's bare hand-off) as RESULT node_hop.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


class Driver:
    def __init__(self, lang: str, work: str):
        self.lang = lang
        self.proc = subprocess.Popen(
            ["bash", str(HERE / f"{lang}.sh"), "run", work],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        line = self.proc.stdout.readline().split()
        if not line or line[0] != "READY":
            raise SystemExit(f"{lang}: the driver did not start (said {line!r}, exit {self.proc.poll()})")
        self.figures = line[1:]

    def run(self, figure: str, count: int) -> tuple[float, float]:
        """Wall and CPU seconds per call of `count` calls of `figure`."""
        self.proc.stdin.write(f"{figure} {count}\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().split()
        if len(answer) != 2 or not all(a.isdigit() for a in answer):
            raise SystemExit(f"{self.lang}: {figure} failed (said {answer!r}, exit {self.proc.poll()})")
        return int(answer[0]) / 1e9 / count, int(answer[1]) / 1e9 / count

    def close(self) -> None:
        self.proc.stdin.close()
        if self.proc.wait(timeout=60) != 0:
            raise SystemExit(f"{self.lang}: the driver exited with {self.proc.returncode}")


def is_async(figure: str) -> bool:
    """A non-blocking call's figure, compared with C's hand-off as well."""
    return figure.endswith("-async") and not figure.startswith("hop-")


def quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def thread_files(pid: int, *names: str):
    """The texts of the named /proc files of each live thread of process pid, with its id."""
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.is_dir():
        return  # no /proc
    for task in tasks.iterdir():
        try:
            texts = [(task / name).read_text() for name in names]
        except OSError:
            continue  # the thread ended meanwhile
        yield task.name, texts


def thread_counters(pid: int) -> dict[str, tuple[int, int]]:
    """Each thread of process pid: its voluntary context switches and CPU ticks (user + system)."""
    counters = {}
    for tid, (status, stat) in thread_files(pid, "status", "stat"):
        switches = next(int(line.split()[1]) for line in status.splitlines()
                        if line.startswith("voluntary_ctxt_switches"))
        fields = stat.rsplit(")", 1)[1].split()
        counters[tid] = (switches, int(fields[11]) + int(fields[12]))
    return counters


def process_cpu_ns(pid: int) -> int:
    """CPU nanoseconds all threads of process pid have run so far (0 without /proc)."""
    return sum(int(schedstat.split()[0]) for _, (schedstat,) in thread_files(pid, "schedstat"))


def watch_threads(driver: Driver, figure: str, count: int) -> None:
    """One block of figure, with the driver's threads counted before and after it."""
    before = thread_counters(driver.proc.pid)
    driver.run(figure, count)
    after = thread_counters(driver.proc.pid)
    woken = switches = 0
    for tid, (s, ticks) in after.items():
        s0, ticks0 = before.get(tid, (0, 0))
        woken += s > s0 or ticks > ticks0
        switches += s - s0
    print(f"RESULT threads lang={figure} calls={count} threads_woken={woken} "
          f"voluntary_switches_per_call={switches / count:.2f}", flush=True)


def main() -> int:
    work, langs = sys.argv[1], sys.argv[2:]
    if not langs or langs[0] != "c":
        raise SystemExit("paired.py: the first language must be c, the reference")
    rounds = int(os.environ.get("WRAP_ROUNDS", "20"))
    block = int(os.environ.get("WRAP_BLOCK", "100"))
    drivers = []
    failed = 0
    for lang in langs:
        try:
            drivers.append(Driver(lang, work))
        except SystemExit as e:
            print(f"RESULT wrapper lang={lang} skipped=\"{e}\"", flush=True)
            failed += 1
    c = drivers[0]
    assert c.lang == "c" and c.figures[0] == "c"
    figures = [(c, f) for f in c.figures[1:]] + [(d, f) for d in drivers[1:] for f in d.figures]
    ratios: dict[str, list[float]] = {f: [] for _, f in figures}
    cpu_ratios: dict[str, list[float]] = {f: [] for _, f in figures}
    per_call: dict[str, list[float]] = {f: [] for _, f in figures}
    cpu_per_call: dict[str, list[float]] = {f: [] for _, f in figures}
    hop_ratios: dict[str, list[float]] = {f: [] for _, f in figures if is_async(f)}
    next_ratios: dict[str, list[float]] = {f: [] for _, f in figures}
    reference: list[tuple[float, float]] = []
    for r in range(rounds):
        shift = r % len(figures)
        before = c.run("c", block)
        reference.append(before)
        for driver, figure in figures[shift:] + figures[:shift]:
            if is_async(figure):
                hop_before = c.run("c-hop", block)[0]
                wall, cpu = driver.run(figure, block)
                hop_ratios[figure].append(wall / ((hop_before + c.run("c-hop", block)[0]) / 2))
            else:
                wall, cpu = driver.run(figure, block)
            # The figure's process may go on working once its block has returned (Go's runtime's
            # threads do): the CPU time it uses during the next C block is charged to the figure,
            # and next_c_ratio shows how much that block slowed.
            cpu_then = process_cpu_ns(driver.proc.pid) if driver is not c else None
            after = c.run("c", block)
            if cpu_then is not None:
                cpu += (process_cpu_ns(driver.proc.pid) - cpu_then) / 1e9 / block
            next_ratios[figure].append(after[0] / before[0])
            reference.append(after)
            ratios[figure].append(wall / ((before[0] + after[0]) / 2))
            cpu_ratios[figure].append(cpu / ((before[1] + after[1]) / 2))
            per_call[figure].append(wall)
            cpu_per_call[figure].append(cpu)
            before = after
    if Path("/proc/self/task").is_dir():
        watched = int(os.environ.get("WRAP_THREAD_BLOCK", "1000"))
        for driver, figure in [(c, "c")] + figures:
            if not figure.startswith("hop-"):
                watch_threads(driver, figure, watched)
    for d in drivers:
        d.close()
    wall_c = statistics.median(w for w, _ in reference) * 1e6
    cpu_c = statistics.median(c for _, c in reference) * 1e6
    print(
        f"RESULT wrapper lang=c rounds={rounds} block={block} median_us_per_call={wall_c:.1f} ratio_vs_c=1.00 "
        f"cpu_us_per_call={cpu_c:.1f} cpu_ratio_vs_c=1.00",
        flush=True,
    )
    for _, figure in figures:
        us = statistics.median(per_call[figure]) * 1e6
        cpu_us = statistics.median(cpu_per_call[figure]) * 1e6
        q1, q2, q3 = quartiles(ratios[figure])
        c1, c2, c3 = quartiles(cpu_ratios[figure])
        if figure.startswith("hop-"):
            print(f"RESULT node_hop what={figure[4:]} median_us_per_call={us:.1f} cpu_us_per_call={cpu_us:.1f}")
        else:
            hop = ""
            if figure in hop_ratios:
                h1, h2, h3 = quartiles(hop_ratios[figure])
                hop = f" ratio_vs_c_hop={h2:.2f} hop_ratio_q1={h1:.2f} hop_ratio_q3={h3:.2f}"
            print(
                f"RESULT wrapper lang={figure} rounds={rounds} block={block} median_us_per_call={us:.1f} "
                f"ratio_vs_c={q2:.2f} ratio_q1={q1:.2f} ratio_q3={q3:.2f}{hop} "
                f"median_ratio={us / wall_c:.2f} next_c_ratio={statistics.median(next_ratios[figure]):.2f} "
                f"cpu_us_per_call={cpu_us:.1f} cpu_ratio_vs_c={c2:.2f} cpu_ratio_q1={c1:.2f} cpu_ratio_q3={c3:.2f}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
