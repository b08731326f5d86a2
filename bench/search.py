"""`make bench SCENARIO=search`: console ticket search over 100,000 tickets and help-article
search over 10,000 articles (20,000 language versions) in the same index, on a throwaway SQLite
file and a throwaway PostgreSQL database (`BENCH_POSTGRES_URL`, default
`postgres://postgres@127.0.0.1:5432/wd_search_bench`; skipped if it cannot be reached).

Each database is loaded and timed by `bench/search_seed.py` (articles by `bench/article_seed.py`)
in its own process. Results: `search.<db>.ticket_p50_ms_<zh|en>`, `ticket_p95_ms_<zh|en>`,
`article_p50_ms_<zh|en>` and `article_p95_ms_<zh|en>` over a rare marker word, a common word and
two-word queries (each also on its own), beside the django-helpdesk-style `icontains` search and
the search code before the help centre's speed work (`*_before_*`, `bench/article_before.py`),
timed in the same run. `BENCH_SEARCH_TICKETS` (default 100000) and `BENCH_SEARCH_ARTICLES`
(default 10000) make a run smaller.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.scale import ROOT, _env, _fresh_postgres, _python

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/wd_search_bench"


def run_database(db: str, *, tickets: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"walletdesk-search-{db}-"))
    url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES) if db == "postgresql" else None
    try:
        env = _env(work / "data", url)
        _python("-m", "walletdesk", "migrate", "--no-input", env=env)
        result: dict[str, Any] = json.loads(
            _python(str(ROOT / "bench" / "search_seed.py"), str(tickets), env=env)
        )
        print(f"search {db}: {json.dumps(result)}", flush=True)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def scenario_search() -> dict[str, Any]:
    tickets = int(os.environ.get("BENCH_SEARCH_TICKETS", "100000"))
    out: dict[str, Any] = {"sqlite": run_database("sqlite", tickets=tickets)}
    if _fresh_postgres(os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)):
        out["postgresql"] = run_database("postgresql", tickets=tickets)
    return out
