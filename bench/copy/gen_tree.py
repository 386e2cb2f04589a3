#!/usr/bin/env python3
"""Generates the copy benchmark's source tree, once per location.

Layout (the shape of a composed site, the volume of a big one):
  template/  20 folders x 100 files
  theme/     40 folders x 100 files, plus static/big/ with 20 files of 2 MB
  content/  140 folders x 100 files, plus static/big/ with 20 files of 2 MB
= 20,000 small files (512 B to 8 KB, uniform) in 200 folders + 40 files of 2 MB (about 165 MB).

The content is seeded, so every run of every machine copies the same bytes. A marker file records
the layout version (ROOT.generated); an existing complete tree is reused.

usage: gen_tree.py ROOT [--scale N]   (--scale 20 makes 1/20 of the files, for trying the scripts)
"""
import os
import random
import sys

VERSION = "copy-bench-tree v1"


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    root = args[0]
    scale = int(args[args.index("--scale") + 1]) if "--scale" in args else 1
    marker = root.rstrip("/") + ".generated"  # beside the tree, so it is not copied
    wanted = f"{VERSION} scale={scale}\n"
    if os.path.exists(marker) and open(marker).read() == wanted:
        print(f"reusing {root}")
        return

    rng = random.Random(20240601)
    files_per_folder = max(1, 100 // scale)
    big_per_tree = max(1, 20 // scale)
    layout = [("template", 20, 0), ("theme", 40, big_per_tree), ("content", 140, big_per_tree)]
    count = 0
    size = 0
    for tree, folders, big in layout:
        for f in range(folders):
            folder = os.path.join(root, tree, f"section{f:03d}")
            os.makedirs(folder, exist_ok=True)
            for i in range(files_per_folder):
                n = rng.randint(512, 8192)
                with open(os.path.join(folder, f"page{i:03d}.html"), "wb") as out:
                    out.write(rng.randbytes(n))
                count += 1
                size += n
        if big:
            folder = os.path.join(root, tree, "static", "big")
            os.makedirs(folder, exist_ok=True)
            for i in range(big):
                with open(os.path.join(folder, f"asset{i:02d}.bin"), "wb") as out:
                    out.write(rng.randbytes(2 * 1024 * 1024))
                count += 1
                size += 2 * 1024 * 1024
    with open(marker, "w") as out:
        out.write(wanted)
    print(f"generated {count} files, {size / 1048576:.1f} MB in {root}")


if __name__ == "__main__":
    main()
