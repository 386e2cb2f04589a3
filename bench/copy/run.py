#!/usr/bin/env python3
"""The copy-phase benchmark: whole processes, median of N rounds, on tmpfs and on disk.

usage: run.py [--rounds N] [--scale S] [--where shm,disk] [--out FILE] [--jobs J] [--before DLL]
  --rounds  rounds per case (default 5); the cases run interleaved, one of each per round, so a
            burst of load from other users hits every case alike
  --scale   1/S of the files (default 1, the full tree); use 20 to try the script quickly
  --where   which locations (default shm,disk): shm = /dev/shm/hsb-bench-copy,
            disk = /var/tmp/hsb-bench-copy (set HSB_BENCH_SHM / HSB_BENCH_DISK to move them)
  --jobs    MaxParallelism for the parallel ParallelCopy cases (default 0 = the task's default)
  --out     also write the raw samples as JSON
  --before  another build of the task assembly (say, of the previous commit, copied aside): adds the
            case "full: ParallelCopy (before)" with it, in the same rounds, to compare a change

Before running: build the task assembly,
  dotnet build src/HugoSite.Build.Tasks -c Release -f net8.0
The script reads it from src/HugoSite.Build.Tasks/bin/Release/net8.0/ (HSB_TASK_ASSEMBLY overrides).

Each sample is one process: wall time from fork to exit, its CPU time (user + system) and its peak
resident set (ru_maxrss and ru_utime/ru_stime from wait4). `dotnet msbuild` runs the build in its own process (-nr:false, no MSBuild server), so the
peak covers the build. On disk, `sync` runs before every sample (outside the timing), after the
previous destination was removed, so one sample's write-back does not land in the next.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
PROJ = os.path.join(HERE, "bench.proj")


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


ROUNDS = int(arg("--rounds", "5"))
SCALE = int(arg("--scale", "1"))
WHERE = arg("--where", "shm,disk").split(",")
JOBS = arg("--jobs", "0")
OUT = arg("--out", None)
BEFORE = arg("--before", None)
ASSEMBLY = os.environ.get("HSB_TASK_ASSEMBLY", os.path.join(REPO, "src/HugoSite.Build.Tasks/bin/Release/net8.0/HugoSite.Build.Tasks.dll"))
LOCATIONS = {
    "shm": os.environ.get("HSB_BENCH_SHM", "/dev/shm/hsb-bench-copy"),
    "disk": os.environ.get("HSB_BENCH_DISK", "/var/tmp/hsb-bench-copy"),
}
ENV = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1", DOTNET_CLI_USE_MSBUILD_SERVER="0",
           MSBUILDDISABLENODEREUSE="1")


def msbuild(target, assembly=ASSEMBLY, **props):
    cmd = ["dotnet", "msbuild", PROJ, "-nologo", "-v:m", "-nr:false", "-noAutoResponse", "-t:" + target,
           "-p:TaskAssembly=" + os.path.abspath(assembly)]
    cmd += [f"-p:{k}={v}" for k, v in props.items()]
    return cmd


def cases(root):
    """name -> (command, prepare) where prepare(dest) sets the destination up outside the timing."""
    tree = os.path.join(root, "tree")
    out = os.path.join(root, "out")

    def fresh(name):
        dest = os.path.join(out, name)
        return dest, lambda: remove(dest)

    def kept(name, populate):
        dest = os.path.join(out, name)

        def prepare():
            if not os.path.exists(dest + ".ready"):
                remove(dest)
                run(populate, check=True)
                open(dest + ".ready", "w").close()
        return dest, prepare

    c = {}
    c["startup (empty target)"] = (msbuild("Noop"), lambda: None)
    d, p = fresh("pc")
    c["full: ParallelCopy"] = (msbuild("ParallelCopy", Src=tree, Dest=d, Jobs=JOBS), p)
    if BEFORE:
        d, p = fresh("pc-before")
        c["full: ParallelCopy (before)"] = (msbuild("ParallelCopy", BEFORE, Src=tree, Dest=d, Jobs=JOBS), p)
    d, p = fresh("msb")
    c["full: MSBuild Copy"] = (msbuild("MSBuildCopy", Src=tree, Dest=d, SkipUnchanged="false"), p)
    d, p = fresh("cp")
    c["full: cp -r"] = (["cp", "-r", tree, d], p)
    d, p = kept("pc-kept", msbuild("ParallelCopy", Src=tree, Dest=os.path.join(out, "pc-kept"), Jobs=JOBS))
    c["no change: ParallelCopy"] = (msbuild("ParallelCopy", Src=tree, Dest=d, Jobs=JOBS), p)
    d, p = kept("msb-kept", msbuild("MSBuildCopy", Src=tree, Dest=os.path.join(out, "msb-kept"), SkipUnchanged="true"))
    c["no change: MSBuild Copy SkipUnchangedFiles"] = (msbuild("MSBuildCopy", Src=tree, Dest=d, SkipUnchanged="true"), p)
    d, p = fresh("three-par")
    c["three trees: ParallelCopy parallel"] = (msbuild("ThreeTrees", Src=tree, Dest=d, Jobs=JOBS, Parallel="true"), p)
    d, p = fresh("three-seq")
    c["three trees: ParallelCopy Parallel=false"] = (msbuild("ThreeTrees", Src=tree, Dest=d, Parallel="false"), p)
    return c


def remove(path):
    if os.path.lexists(path):
        shutil.rmtree(path)
    if os.path.exists(path + ".ready"):
        os.remove(path + ".ready")


def run(cmd, check=False):
    """Runs one process; returns (seconds, peak RSS in MB, stdout, CPU seconds user+system)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV)
    output = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{output}")
    return elapsed, usage.ru_maxrss / 1024.0, output, usage.ru_utime + usage.ru_stime


def task_ms(output):
    m = re.search(r"ParallelCopy: .* in (\d+) ms with (\d+) jobs?", output)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def main():
    if not os.path.exists(ASSEMBLY):
        sys.exit(f"build the task first: {ASSEMBLY} is missing")
    results = {}
    for where in WHERE:
        root = LOCATIONS[where]
        subprocess.run([sys.executable, os.path.join(HERE, "gen_tree.py"), os.path.join(root, "tree")] + (["--scale", str(SCALE)] if SCALE != 1 else []), check=True)
        all_cases = cases(root)
        samples = {name: [] for name in all_cases}
        for r in range(ROUNDS):
            for name, (cmd, prepare) in all_cases.items():
                prepare()
                if where == "disk":
                    subprocess.run(["sync"], check=True)
                seconds, rss, output, cpu = run(cmd)
                ms, jobs = task_ms(output)
                samples[name].append({"s": seconds, "rss_mb": rss, "task_ms": ms, "jobs": jobs, "cpu_s": cpu})
                print(f"{where} round {r + 1} {name}: {seconds:.2f} s, cpu {cpu:.2f} s, {rss:.0f} MB" + (f", task {ms} ms with {jobs} jobs" if ms is not None else ""), flush=True)
        results[where] = samples
        shutil.rmtree(os.path.join(root, "out"), ignore_errors=True)

    report(results)
    if OUT:
        with open(OUT, "w") as f:
            json.dump({"rounds": ROUNDS, "scale": SCALE, "jobs": JOBS, "nproc": os.cpu_count(), "results": results}, f, indent=1)


def med(samples, key):
    values = [s[key] for s in samples if s[key] is not None]
    return statistics.median(values) if values else None


def report(results):
    print()
    print(f"median of {ROUNDS} rounds, scale 1/{SCALE}, {os.cpu_count()} cores, load average at the end {os.getloadavg()[0]:.1f}")
    for where, samples in results.items():
        print()
        print(f"### {where}")
        print()
        print("| case | wall s (median) | min–max | CPU s user+sys | peak RSS MB | in-task ms |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name, s in samples.items():
            walls = [x["s"] for x in s]
            t = med(s, "task_ms")
            print(f"| {name} | {med(s, 's'):.2f} | {min(walls):.2f}–{max(walls):.2f} | {med(s, 'cpu_s'):.2f} | {med(s, 'rss_mb'):.0f} | {'' if t is None else f'{t:.0f}'} |")
        m = {name: med(s, "s") for name, s in samples.items()}
        start = m["startup (empty target)"]
        print()

        def ratio(a, b, goal):
            ra = m[a] / m[b]
            rb = (m[a] - start) / (m[b] - start) if m[b] > start else float("nan")
            print(f"- {a} / {b}: {ra:.2f} (goal {goal}); without start-up: {rb:.2f}")

        ratio("full: ParallelCopy", "full: MSBuild Copy", "<= 0.5")
        if BEFORE:
            ratio("full: ParallelCopy (before)", "full: MSBuild Copy", "<= 0.5")
        ratio("full: ParallelCopy", "full: cp -r", "<= 1.2")
        ratio("no change: ParallelCopy", "no change: MSBuild Copy SkipUnchangedFiles", "<= 0.25")
        par, seq = m["three trees: ParallelCopy parallel"], m["three trees: ParallelCopy Parallel=false"]
        print(f"- three trees, parallel vs Parallel=false: wall time reduced by {100 * (1 - par / seq):.0f}% (goal >= 50% on disk); "
              f"without start-up: {100 * (1 - (par - start) / (seq - start)):.0f}%")


if __name__ == "__main__":
    main()
