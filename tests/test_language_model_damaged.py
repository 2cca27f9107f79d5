"""`extract.load_language_model` on a damaged model file.

It decompresses py3langid's model itself; a file cut short (an interrupted install, a full
disk) must end in py3langid's own error, not in a loop that never ends (the warm-up joins
the thread that loads it, so the worker would never start).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from py3langid import langid

ROOT = Path(__file__).resolve().parent.parent


def test_a_model_file_cut_short_is_py3langids_error_not_an_endless_loop(tmp_path: Path) -> None:
    model = (langid.MODEL_DIR / langid.MODEL_FILE).read_bytes()
    (tmp_path / "model.npz.xz").write_bytes(model[: len(model) // 2])
    check = textwrap.dedent(f"""
        from pathlib import Path
        from py3langid import langid
        from workers.extract import load_language_model

        langid.MODEL_DIR, langid.MODEL_FILE = Path({str(tmp_path)!r}), "model.npz.xz"
        try:
            load_language_model()
        except EOFError as error:  # py3langid's own loader, tried after ours gave up
            print("EOFError:", error)
        assert langid.IDENTIFIER is None
    """)
    # In a process of its own: a regression ends at the timeout, not in a hung suite.
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "EOFError: Compressed file ended before the end-of-stream marker" in done.stdout
