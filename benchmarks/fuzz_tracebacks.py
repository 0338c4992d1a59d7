"""Tracebacks per 1,000 mutated inputs for check-config, the master data import and label templates.

Run: python benchmarks/fuzz_tracebacks.py [N] [ONLY] [--quick]   (prints one line per loader; uses tests/fuzz_support.py)
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import strategies as st

from tests import fuzz_support as fz


def main(count: int = 1000, only: str = "") -> None:
    cases = {
        "check-config (structure)": (fz.mutations(fz.demo_config_raw), lambda m: fz.check_config_file(m.build(expand=False))),
        "check-config (text)": (fz.TEXT_DAMAGE, lambda d: fz.check_config_file(
            None, fz.damage_text(fz.DEMO_CONFIG.read_text(encoding="utf-8"), d))),
        "masterdata import": (fz.mutations(fz.demo_bundle), lambda m: fz.import_bundle(m.build())),
        "masterdata files": (fz.mutations(fz.demo_bundle), lambda m: fz.import_bundle_files(m.build(expand=False))),
        "label template": (st.one_of(fz.mutations(fz.demo_template_raw).map(lambda r: ("raw", r)),
                                     fz.TEXT_DAMAGE.map(lambda d: ("text", d))),
                           lambda c: fz.load_label_template(c[1].build(expand=False)) if c[0] == "raw" else fz.load_label_template(
                               None, fz.damage_text((fz.LABEL_TEMPLATES / "defect_100x50.toml").read_text(), c[1]))),
    }
    for name, (strategy, run) in cases.items():
        if only and only not in name:
            continue
        kinds: collections.Counter[str] = collections.Counter()
        tracebacks = 0
        for _ in range(count):
            example = strategy.example()
            try:
                run(example)
            except Exception as exc:
                tracebacks += 1
                kinds[type(exc).__name__] += 1
        print(f"{name}: {tracebacks} tracebacks in {count} inputs ({dict(kinds)})", flush=True)


if __name__ == "__main__":
    # A count, not a time: load cannot change it, so there is no pass under stress-ng (benchmarks/load.py).
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv[1:]
    main(int(arguments[0]) if arguments else (200 if quick else 1000), arguments[1] if len(arguments) > 1 else "")
