"""`python -m tools.practice_files [slug…]`: build the courses' practice files again and say
which files were written."""

import argparse
from pathlib import Path

from tools.practice_files import UnknownCourse, build_practice_files


def main(argv=None, **options):
    """Run the builders named in `argv` (all by default); `options` go to
    build_practice_files (another courses folder or package of builders)."""
    parser = argparse.ArgumentParser(prog="python -m tools.practice_files",
                                     description="Build the courses' practice files again.")
    parser.add_argument("slugs", nargs="*", metavar="slug",
                        help="the courses to build (default: every course with a builder)")
    arguments = parser.parse_args(argv)
    try:
        written = build_practice_files(arguments.slugs, **options)
    except UnknownCourse as error:
        parser.error(f"no builder module or no course folder for: {', '.join(error.args[0])}")
    if not written:
        print("No course has a practice file builder yet.")
    for slug, paths in written.items():
        print(f"{slug}:")
        for path in paths:
            print(f"  {_shown(path)}")


def _shown(path):
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


if __name__ == "__main__":
    main()
