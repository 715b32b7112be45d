"""`python -m bench run`: time our build against stock MkDocs and Zensical; write the benchmarks
page, docs/pages/explanation/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from dataclasses import asdict
from pathlib import Path

from bench.report import render
from bench.run import Options, Results, run_all
from bench.sites import ROOT


def sizes(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a list of sizes such as 520,1000"
        ) from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a list of sizes such as 520,1000")
    return sorted(set(values))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    bench = commands.add_parser("run", help="generate, build, measure, write the report")
    bench.add_argument("--sizes", type=sizes, default=[520, 1000, 5000], help="API pages")
    bench.add_argument("--repeat", type=int, default=3, help="runs of each measured command")
    bench.add_argument("--quick", action="store_true", help="N=20, one run: a smoke test")
    bench.add_argument("--seed", type=int, default=520)
    bench.add_argument("--stock-max", type=int, default=1000, help="largest N built by stock")
    bench.add_argument("--no-live", action="store_true", help="skip the live-edit measure")
    bench.add_argument("--no-profile", action="store_true", help="skip the profile")
    bench.add_argument(
        "--no-real", action="store_true", help="skip the site imported from ../shared/fsp/"
    )
    bench.add_argument(
        "--no-speedups-off", action="store_true", help="skip the cold build with speedups: false"
    )
    bench.add_argument("--workdir", type=Path, default=ROOT / "build" / "bench")
    report = ROOT / "docs" / "pages" / "explanation" / "benchmarks.md"
    bench.add_argument("--output", type=Path, default=report)
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = [20], 1
    options = Options(
        sizes=args.sizes,
        repeat=max(1, args.repeat),
        workdir=args.workdir.resolve(),
        seed=args.seed,
        stock_max=args.stock_max,
        live=not args.no_live,
        profile=not args.no_profile,
        real=not (args.no_real or args.quick),
        speedups_off=not args.no_speedups_off,
    )
    options.workdir.mkdir(parents=True, exist_ok=True)
    shown = shlex.join(argv if argv is not None else sys.argv[1:])
    raw = options.workdir / "results.json"

    def write(results: Results) -> None:
        # After every size, so a long run that is stopped still leaves its numbers.
        text = render(results, f".venv/bin/python -m bench {shown}")
        args.output.write_text(text, encoding="utf-8")
        raw.write_text(json.dumps(asdict(results), indent=1, default=str), encoding="utf-8")

    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    results = run_all(options, say=say, progress=write)
    print(f"Wrote {args.output} (raw numbers in {raw}).")
    failed = [s.n for s in results.sizes if not s.ours.ok]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
