#!/usr/bin/env python3
"""System calls per copied file: ParallelCopy of a fresh tree under `strace -f -c`, minus an empty target.

usage: syscalls.py [--assembly DLL] [--files N] [--root DIR]
  --assembly  the task assembly (default: the Release net8.0 build, as run.py uses)
  --files     files in the tree (default 1000: two folders of N/2, 100-599 bytes), so per-folder work is small
  --root      where the tree and the copy go (default /dev/shm/hsb-bench-syscalls)

Prints, for every system call whose count differs by at least N/2 between the two processes, the difference
and the difference per file. Needs strace.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


ASSEMBLY = os.path.abspath(arg("--assembly", os.path.join(REPO, "src/HugoSite.Build.Tasks/bin/Release/net8.0/HugoSite.Build.Tasks.dll")))
FILES = int(arg("--files", "1000"))
ROOT = arg("--root", "/dev/shm/hsb-bench-syscalls")
ENV = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1", DOTNET_CLI_USE_MSBUILD_SERVER="0",
           MSBUILDDISABLENODEREUSE="1")


def counts(target, out):
    dest = os.path.join(ROOT, "dest")
    shutil.rmtree(dest, ignore_errors=True)
    cmd = ["strace", "-f", "-c", "-o", out, "dotnet", "msbuild", os.path.join(HERE, "bench.proj"), "-nologo", "-v:m",
           "-nr:false", "-noAutoResponse", "-t:" + target, "-p:TaskAssembly=" + ASSEMBLY,
           "-p:Src=" + os.path.join(ROOT, "tree"), "-p:Dest=" + dest]
    subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL)
    result = {}
    for line in open(out):
        fields = line.split()
        if len(fields) >= 5 and fields[0][0].isdigit() and fields[-1] != "total":
            result[fields[-1]] = (int(fields[3]), int(fields[4]) if len(fields) == 6 else 0)
    return result


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    for d in range(2):
        folder = os.path.join(ROOT, "tree", f"d{d}")
        os.makedirs(folder)
        for i in range(FILES // 2):
            with open(os.path.join(folder, f"f{i:05}.txt"), "w") as f:
                f.write("x" * (100 + i % 500))

    copy = counts("ParallelCopy", os.path.join(ROOT, "copy.txt"))
    noop = counts("Noop", os.path.join(ROOT, "noop.txt"))
    rows = []
    for name in set(copy) | set(noop):
        calls = copy.get(name, (0, 0))[0] - noop.get(name, (0, 0))[0]
        errors = copy.get(name, (0, 0))[1] - noop.get(name, (0, 0))[1]
        if abs(calls) >= FILES / 2:
            rows.append((name, calls, errors))

    print(f"{FILES} files, {ASSEMBLY}")
    print("| system call | calls (copy minus empty target) | per file | failed |")
    print("| --- | --- | --- | --- |")
    for name, calls, errors in sorted(rows, key=lambda r: -r[1]):
        print(f"| {name} | {calls} | {calls / FILES:.2f} | {errors} |")
    shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
