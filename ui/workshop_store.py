"""Live workshop sessions: a facilitator, teams, rounds, submissions, results, a leaderboard.

**Where.** The tables live in the scenario library's SQLite database (``ui.library.locate``:
``$ESG_SIM_LIBRARY``, else the XDG data folder), beside the library's own tables and named
``workshop_*``; their schema version is kept in ``workshop_meta`` (the library's
``PRAGMA user_version`` is left alone). WAL mode, a busy timeout, foreign keys on,
``synchronous = FULL``; every write is one transaction (``BEGIN IMMEDIATE``), so a process
killed at any moment leaves the last committed state: a restarted server resumes every
session with nothing it acknowledged lost.

**Who may do what.** :meth:`WorkshopStore.create_session` returns a *join code* (six
characters from an alphabet without look-alikes such as 0/O and 1/I/L; unique among open
sessions) and a *facilitator token*. :meth:`WorkshopStore.join` (code and team name) returns
a *team token*. Tokens are random (``secrets``) and stored only as their SHA-256; the
facilitator PIN only as a salted scrypt hash; both are compared with
``hmac.compare_digest``. Every read and write names its token, never a team id:

- a team token reads the session's state, its own submissions (never another team's), and
  results only of rounds the facilitator has *released* (its own and the other teams');
  it submits only to the current round while that round is open;
- a facilitator token (or a new one from :meth:`WorkshopStore.facilitator_login` with the
  PIN; repeated wrong PINs lock PIN logins for a while) sees everything and runs the
  session: open or lock a round, release a round's results, advance to the next round,
  reveal the debrief, export every submission, prediction and result as rows, close it.

Results are recorded by the server itself (:meth:`WorkshopStore.record_result`, after the
simulation), keyed by the submission's version: a result computed for a submission that has
since been replaced is not stored. :meth:`WorkshopStore.pending` lists the submissions
that still lack a result (to recompute after a restart; the simulations are seeded, so the
numbers are the same).

**Limits.** ``MAX_TEAMS`` teams per session, ``MAX_ROUNDS`` rounds, ``MAX_OPEN_SESSIONS``
open sessions per database, team names up to ``MAX_TEAM_NAME_CHARS`` characters, PINs of
``MIN_PIN_CHARS``–``MAX_PIN_CHARS`` characters, ``MAX_CHANGES_BYTES`` /
``MAX_PREDICTIONS_BYTES`` / ``MAX_RESULT_BYTES`` of JSON; a session stops taking teams and
submissions ``SESSION_HOURS`` after it was made. Each refusal is a :class:`WorkshopError`
(``ui.i18n.MessageError``: the page shows it in the user's language).

Plain Python: no streamlit here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import sqlite3
import statistics
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence

from simulation import KPI_NAMES

from .i18n import MessageError
from .library import connect, locate, sql_error


SCHEMA_VERSION = 2               # 2: the facilitator's reference run (workshop_reference)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"     # no 0/O, 1/I/L
CODE_CHARS = 6
TOKEN_BYTES = 16                 # secrets.token_urlsafe(16): 22 characters
TEAM_PREFIX, FACILITATOR_PREFIX = "t-", "f-"
TOKEN_CHARS = 2 + 22
MAX_TEAMS = 40                   # teams per session
MAX_ROUNDS = 10
MAX_OPEN_SESSIONS = 50           # open sessions in one database (one server)
MAX_TEAM_NAME_CHARS = 40
MAX_EXERCISE_CHARS = 80
MIN_PIN_CHARS, MAX_PIN_CHARS = 4, 32
MAX_CHANGES_BYTES = 8_000        # a submission's lever changes, as JSON
MAX_PREDICTIONS_BYTES = 4_000
MAX_RESULT_BYTES = 400_000       # a result's KPIs per replication and evaluation, as JSON
MAX_FACILITATOR_TOKENS = 10      # devices a facilitator may run a session from
MAX_PIN_FAILURES = 5             # wrong PINs in a row before PIN logins pause
PIN_LOCK_SECONDS = 120
SESSION_HOURS = 72               # a session takes teams and submissions this long
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
PENDING, OPEN, LOCKED = "pending", "open", "locked"
ROUND_STATES = (PENDING, OPEN, LOCKED)
BETTER = {"<=": False, ">=": True}        # a tie-break KPI's direction: is higher better?

_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS workshop_meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS workshop_sessions (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL CHECK (length(code) = 6),
        exercise TEXT NOT NULL,
        max_teams INTEGER NOT NULL CHECK (max_teams BETWEEN 1 AND 40),
        rounds INTEGER NOT NULL CHECK (rounds BETWEEN 1 AND 10),
        current_round INTEGER NOT NULL DEFAULT 1,
        tiebreak_kpi TEXT NOT NULL,
        tiebreak_higher INTEGER NOT NULL,
        pin_salt BLOB NOT NULL,
        pin_hash BLOB NOT NULL,
        pin_failures INTEGER NOT NULL DEFAULT 0,
        pin_locked_until REAL NOT NULL DEFAULT 0,
        debrief INTEGER NOT NULL DEFAULT 0,
        closed INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        CHECK (current_round BETWEEN 1 AND rounds))""",
    # a join code names one open session at a time
    "CREATE UNIQUE INDEX IF NOT EXISTS workshop_open_code ON workshop_sessions(code) "
    "WHERE closed = 0",
    """CREATE TABLE IF NOT EXISTS workshop_facilitators (
        token TEXT PRIMARY KEY,
        session INTEGER NOT NULL REFERENCES workshop_sessions(id) ON DELETE CASCADE,
        created_at REAL NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS workshop_facilitators_session ON workshop_facilitators(session)",
    """CREATE TABLE IF NOT EXISTS workshop_rounds (
        session INTEGER NOT NULL REFERENCES workshop_sessions(id) ON DELETE CASCADE,
        round INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'open', 'locked')),
        released INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (session, round))""",
    """CREATE TABLE IF NOT EXISTS workshop_teams (
        id INTEGER PRIMARY KEY,
        session INTEGER NOT NULL REFERENCES workshop_sessions(id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        name_key TEXT NOT NULL,
        token TEXT NOT NULL UNIQUE,
        joined_at REAL NOT NULL,
        UNIQUE (session, name_key))""",
    """CREATE TABLE IF NOT EXISTS workshop_submissions (
        team INTEGER NOT NULL REFERENCES workshop_teams(id) ON DELETE CASCADE,
        round INTEGER NOT NULL,
        version INTEGER NOT NULL,
        changes TEXT NOT NULL,
        predictions TEXT NOT NULL,
        submitted_at REAL NOT NULL,
        PRIMARY KEY (team, round))""",
    """CREATE TABLE IF NOT EXISTS workshop_results (
        team INTEGER NOT NULL REFERENCES workshop_teams(id) ON DELETE CASCADE,
        round INTEGER NOT NULL,
        version INTEGER NOT NULL,
        kpis TEXT NOT NULL,
        evaluation TEXT NOT NULL,
        stored_at REAL NOT NULL,
        PRIMARY KEY (team, round),
        FOREIGN KEY (team, round) REFERENCES workshop_submissions(team, round) ON DELETE CASCADE)""",
    # the facilitator's default run: the exercise's reference solution, one per session (every
    # round shows the same one: the same scenario, seed and replications)
    """CREATE TABLE IF NOT EXISTS workshop_reference (
        session INTEGER PRIMARY KEY REFERENCES workshop_sessions(id) ON DELETE CASCADE,
        kpis TEXT NOT NULL,
        evaluation TEXT NOT NULL,
        stored_at REAL NOT NULL)""",
)


class WorkshopError(MessageError):
    """A workshop action that cannot be done; ``key`` is a ``"workshop.<name>"`` string key."""


# -- what the store returns ------------------------------------------------------------------

@dataclass(frozen=True)
class Session:
    """A session's public state (what every team may know)."""

    id: int
    code: str
    exercise: str
    max_teams: int
    rounds: int
    current_round: int
    round_states: dict[int, str]
    released: frozenset[int]
    debrief: bool
    closed: bool
    accepting: bool               # open and not expired: takes teams and submissions
    teams: int
    tiebreak_kpi: str
    tiebreak_higher: bool
    created_at: float

    def round_open(self, rnd: int) -> bool:
        return self.accepting and rnd == self.current_round and self.round_states.get(rnd) == OPEN


@dataclass(frozen=True)
class Submission:
    team_id: int
    team: str
    round: int
    version: int
    changes: dict[str, Any]
    predictions: dict[str, float]
    submitted_at: float


@dataclass(frozen=True)
class Result:
    team_id: int
    team: str
    round: int
    version: int
    kpis: list[dict[str, float | None]] = field(repr=False)
    evaluation: dict[str, Any] = field(repr=False)
    stored_at: float = 0.0


@dataclass(frozen=True)
class TeamView:
    """What a team token sees: the session, the team, its own submissions (by round) and
    the results of released rounds (every team's, by round)."""

    session: Session
    team_id: int
    team: str
    submissions: dict[int, Submission]
    results: dict[int, list[Result]]


@dataclass(frozen=True)
class Overview:
    """What a facilitator token sees at a glance: the session, the teams (joined order)
    and, per round, the teams that have submitted and those with a result."""

    session: Session
    teams: list[str]
    submitted: dict[int, list[str]]
    with_result: dict[int, list[str]]


@dataclass(frozen=True)
class Standing:
    """One team's line on a leaderboard (see :func:`rank`)."""

    team: str
    position: int                 # order shown: 1, 2, 3, ...
    rank: int                     # 1 + teams whose probability interval lies wholly above
    probability: float
    ci_low: float
    ci_high: float
    met: bool
    tiebreak_kpi: str
    tiebreak_mean: float
    tiebreak_low: float
    tiebreak_high: float
    tied_with: tuple[str, ...]    # teams whose probability intervals overlap this one's

    @property
    def tied(self) -> bool:
        return bool(self.tied_with)


# -- tokens, codes, names, PINs -----------------------------------------------------------------

def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def check_token(token: Any, prefix: str) -> str:
    """``token`` if it is a well-formed team (``t-``) or facilitator (``f-``) token, else
    WorkshopError("workshop.token_bad")."""
    if (not isinstance(token, str) or len(token) != TOKEN_CHARS or not token.isascii()
            or not token.startswith(prefix) or not _TOKEN.fullmatch(token[len(prefix):])):
        raise WorkshopError("workshop.token_bad")
    return token


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_CHARS))


def clean_code(code: Any) -> str:
    """A join code as typed (any case, spaces or dashes) in its stored form, or
    WorkshopError naming the problem."""
    if not isinstance(code, str):
        raise WorkshopError("workshop.code_empty")
    raw = re.sub(r"[\s\-_.]", "", unicodedata.normalize("NFKC", code)).upper()
    if not raw:
        raise WorkshopError("workshop.code_empty")
    if len(raw) != CODE_CHARS or any(ch not in CODE_ALPHABET for ch in raw):
        raise WorkshopError("workshop.code_bad", length=CODE_CHARS)
    return raw


def clean_team_name(name: Any) -> str:
    """A team name as stored (NFC, trimmed, inner runs of spaces made one), or WorkshopError
    when it is empty, too long or holds control or invisible characters."""
    if not isinstance(name, str):
        raise WorkshopError("workshop.name_empty")
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise WorkshopError("workshop.name_empty")
    if len(name) > MAX_TEAM_NAME_CHARS:
        raise WorkshopError("workshop.name_too_long", length=len(name), limit=MAX_TEAM_NAME_CHARS)
    if any(unicodedata.category(ch) in _BAD_CATEGORIES for ch in name):
        raise WorkshopError("workshop.name_control")
    return name


def _check_pin(pin: Any) -> str:
    if not isinstance(pin, str) or not MIN_PIN_CHARS <= len(pin) <= MAX_PIN_CHARS:
        raise WorkshopError("workshop.pin_length", low=MIN_PIN_CHARS, high=MAX_PIN_CHARS)
    return pin


def _pin_hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)


# -- JSON in and out ------------------------------------------------------------------------------

def _json(value: Any, limit: int, bad: str, too_large: str) -> str:
    """``value`` as compact JSON: WorkshopError ``bad`` when it is not JSON data,
    ``too_large`` when it is over ``limit`` bytes."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=True,
                          separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        raise WorkshopError(bad) from None
    size = len(text.encode("utf-8"))
    if size > limit:
        raise WorkshopError(too_large, size=f"{size:,}", limit=f"{limit:,}")
    return text


def _check_changes(changes: Any) -> dict[str, Any]:
    if not isinstance(changes, Mapping) or not all(isinstance(k, str) and 0 < len(k) <= 120
                                                   for k in changes):
        raise WorkshopError("workshop.changes_bad")
    return dict(changes)


def _check_predictions(predictions: Any) -> dict[str, float]:
    if predictions is None:
        return {}
    if not isinstance(predictions, Mapping):
        raise WorkshopError("workshop.predictions_bad")
    out = {}
    for k, v in predictions.items():
        if not isinstance(k, str) or k not in KPI_NAMES:
            raise WorkshopError("workshop.prediction_kpi", kpi=str(k)[:60])
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise WorkshopError("workshop.prediction_value", kpi=k)
        out[k] = float(v)
    return out


def _finite(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _check_kpis(kpis: Any) -> list[dict[str, float | None]]:
    if isinstance(kpis, Mapping) or not isinstance(kpis, Sequence) or not kpis:
        raise WorkshopError("workshop.result_bad")
    out = []
    for row in kpis:
        if not isinstance(row, Mapping):
            raise WorkshopError("workshop.result_bad")
        out.append({str(k): _finite(v) for k, v in row.items() if str(k) in KPI_NAMES})
    return out


def _check_evaluation(evaluation: Any) -> dict[str, Any]:
    if not isinstance(evaluation, Mapping):
        raise WorkshopError("workshop.result_bad")
    ev = _plain(evaluation)
    for k in ("probability", "ci_low", "ci_high"):
        v = _finite(ev.get(k))
        if v is None or not 0.0 <= v <= 1.0:
            raise WorkshopError("workshop.result_bad")
        ev[k] = v
    ev["met"] = bool(ev.get("met", False))
    return ev


def _plain(value: Any, depth: int = 0) -> Any:
    """``value`` as plain JSON data: mappings with text keys, lists, text, numbers (a number
    that is not finite becomes None; numpy numbers become Python ones), True/False/None;
    anything else as its text. Nesting deeper than 8 is cut (None)."""
    if depth > 8:
        return None
    if isinstance(value, Mapping):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [_plain(v, depth + 1) for v in items]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value), depth + 1)
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, bool):
            return value
    if isinstance(value, (int, float)):
        return value if isinstance(value, int) or math.isfinite(value) else None
    return str(value)


# -- the leaderboard ----------------------------------------------------------------------------

def _t_interval(values: list[float]) -> tuple[float, float, float]:
    """Mean and 95% t-interval (the interval is the mean itself for one value)."""
    from scipy import stats

    vals = [v for v in values if v is not None and math.isfinite(v)]
    if not vals:
        return math.nan, math.nan, math.nan
    mean = statistics.fmean(vals)
    if len(vals) < 2:
        return mean, mean, mean
    half = float(stats.t.ppf(0.975, len(vals) - 1)) * statistics.stdev(vals) / math.sqrt(len(vals))
    return mean, mean - half, mean + half


def rank(results: Sequence[Result], tiebreak_kpi: str, higher_is_better: bool) -> list[Standing]:
    """The leaderboard of one round's results.

    The ranking measure is the probability that the team's scenario meets the exercise's
    goal (the share of replications in which every goal holds, with its Clopper-Pearson 95%
    interval, as ``evaluation`` holds it). Order: by that probability, highest first; then
    by the mean of the tie-break KPI over the team's replications (``higher_is_better``
    says which way is better; shown with its 95% t-interval); then by team name.

    Ties within noise: a team's ``rank`` is 1 + the number of teams whose probability
    interval lies wholly above its own (``other.ci_low > this.ci_high``), so teams that no
    interval separates share a rank; ``tied_with`` lists every team whose probability
    interval overlaps this team's (touching counts as overlapping), and such a team is shown
    as tied with them whatever the order. With few replications the intervals are wide and
    most teams are tied: that is the honest reading, not a flaw of the board.
    """
    rows = []
    for r in results:
        ev = r.evaluation
        mean, low, high = _t_interval([row.get(tiebreak_kpi) for row in r.kpis])
        rows.append((r.team, float(ev["probability"]), float(ev["ci_low"]), float(ev["ci_high"]),
                     bool(ev.get("met", False)), mean, low, high))
    sign = -1.0 if higher_is_better else 1.0

    def order(row):
        tb = row[5]
        return (-row[1], sign * tb if math.isfinite(tb) else math.inf, row[0].casefold(), row[0])

    rows.sort(key=order)
    out = []
    for pos, row in enumerate(rows, start=1):
        name, p, lo, hi = row[:4]
        above = sum(1 for other in rows if other[0] != name and other[2] > hi)
        tied = tuple(other[0] for other in rows
                     if other[0] != name and other[2] <= hi and lo <= other[3])
        out.append(Standing(team=name, position=pos, rank=1 + above, probability=p, ci_low=lo,
                            ci_high=hi, met=row[4], tiebreak_kpi=tiebreak_kpi,
                            tiebreak_mean=row[5], tiebreak_low=row[6], tiebreak_high=row[7],
                            tied_with=tied))
    return out


# -- the store ------------------------------------------------------------------------------------

def _ensure_schema(con: sqlite3.Connection) -> None:
    """Make the workshop tables (once; safe when several processes open a new database at
    once). The library's own tables and ``user_version`` are left alone."""
    def version() -> int | None:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                           "name = 'workshop_meta'").fetchone():
            return None
        row = con.execute("SELECT value FROM workshop_meta WHERE key = 'schema'").fetchone()
        return row[0] if row else None

    if version() == SCHEMA_VERSION:
        return
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("BEGIN IMMEDIATE")
    try:
        found = version()
        if found is not None and found > SCHEMA_VERSION:
            raise WorkshopError("workshop.newer_schema", found=found, supported=SCHEMA_VERSION)
        for statement in _SCHEMA:
            con.execute(statement)
        con.execute("INSERT INTO workshop_meta(key, value) VALUES ('schema', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (SCHEMA_VERSION,))
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            con.rollback()
        raise


class WorkshopStore:
    """The workshop sessions in the library's database (``location``: a database file or a
    folder, as for ``ui.library.Library``; default ``$ESG_SIM_LIBRARY`` or the XDG data
    folder). Every method opens the database afresh, so several processes (or a restarted
    server) share one store. ``clock``: the time source (tests)."""

    def __init__(self, location: str | os.PathLike | None = None, clock=time.time):
        self.path = locate(location)[0]
        self.clock = clock

    # -- connections ------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return connect(self.path, _ensure_schema)
        except OSError as e:
            raise WorkshopError("workshop.unavailable", error=e.strerror or type(e).__name__) \
                from None
        except sqlite3.Error as e:
            raise WorkshopError("workshop.unavailable", error=sql_error(e)) from None

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot: one read transaction."""
        con = self._open()
        try:
            con.execute("BEGIN")
            yield con
            con.execute("COMMIT")
        except sqlite3.Error as e:
            raise WorkshopError("workshop.unavailable", error=sql_error(e)) from None
        finally:
            con.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: checks made inside hold until COMMIT);
        anything raised rolls it back."""
        con = self._open()
        try:
            con.execute("BEGIN IMMEDIATE")
            yield con
            con.execute("COMMIT")
        except sqlite3.Error as e:
            with contextlib.suppress(sqlite3.Error):
                con.rollback()
            raise WorkshopError("workshop.write_failed", error=sql_error(e)) from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.rollback()
            raise
        finally:
            con.close()

    # -- who holds a token --------------------------------------------------------------------
    def _facilitator(self, con: sqlite3.Connection, token: Any) -> int:
        token = check_token(token, FACILITATOR_PREFIX)
        row = con.execute("SELECT session FROM workshop_facilitators WHERE token = ?",
                          (_hash(token),)).fetchone()
        if row is None:
            raise WorkshopError("workshop.token_unknown")
        return row[0]

    def _team(self, con: sqlite3.Connection, token: Any) -> tuple[int, int, str]:
        """(session id, team id, team name) of a team token."""
        token = check_token(token, TEAM_PREFIX)
        row = con.execute("SELECT session, id, name FROM workshop_teams WHERE token = ?",
                          (_hash(token),)).fetchone()
        if row is None:
            raise WorkshopError("workshop.token_unknown")
        return row

    def _session(self, con: sqlite3.Connection, sid: int) -> Session:
        row = con.execute("SELECT id, code, exercise, max_teams, rounds, current_round, debrief, "
                          "closed, created_at, tiebreak_kpi, tiebreak_higher "
                          "FROM workshop_sessions WHERE id = ?", (sid,)).fetchone()
        if row is None:
            raise WorkshopError("workshop.token_unknown")
        (sid, code, exercise, max_teams, rounds, current, debrief, closed, created, tb_kpi,
         tb_higher) = row
        states, released = {}, set()
        for rnd, state, rel in con.execute("SELECT round, state, released FROM workshop_rounds "
                                           "WHERE session = ? ORDER BY round", (sid,)):
            states[rnd] = state
            if rel:
                released.add(rnd)
        (teams,) = con.execute("SELECT count(*) FROM workshop_teams WHERE session = ?",
                               (sid,)).fetchone()
        accepting = not closed and self.clock() < created + SESSION_HOURS * 3600
        return Session(id=sid, code=code, exercise=exercise, max_teams=max_teams, rounds=rounds,
                       current_round=current, round_states=states, released=frozenset(released),
                       debrief=bool(debrief), closed=bool(closed), accepting=accepting,
                       teams=teams, tiebreak_kpi=tb_kpi, tiebreak_higher=bool(tb_higher),
                       created_at=created)

    # -- sessions -------------------------------------------------------------------------------
    def create_session(self, exercise: str, teams: int, rounds: int, pin: str,
                       tiebreak: tuple[str, str] = ("profit_cny", ">=")) -> tuple[str, str]:
        """A new session: (join code, facilitator token). ``exercise``: its id; ``teams``:
        how many may join (1–MAX_TEAMS); ``rounds``: 1–MAX_ROUNDS (round 1 opens now);
        ``pin``: the facilitator's PIN; ``tiebreak``: (KPI, "<=" or ">=") that orders
        teams of equal probability on the leaderboard (">=": higher is better)."""
        if not isinstance(exercise, str) or not 0 < len(exercise) <= MAX_EXERCISE_CHARS:
            raise WorkshopError("workshop.exercise_bad")
        if isinstance(teams, bool) or not isinstance(teams, int) or not 1 <= teams <= MAX_TEAMS:
            raise WorkshopError("workshop.teams_range", low=1, high=MAX_TEAMS)
        if isinstance(rounds, bool) or not isinstance(rounds, int) or not 1 <= rounds <= MAX_ROUNDS:
            raise WorkshopError("workshop.rounds_range", low=1, high=MAX_ROUNDS)
        pin = _check_pin(pin)
        kpi, op = tiebreak
        if kpi not in KPI_NAMES or op not in BETTER:
            raise WorkshopError("workshop.tiebreak_bad", kpi=str(kpi)[:60])
        salt = secrets.token_bytes(16)
        digest = _pin_hash(pin, salt)
        token = _new_token(FACILITATOR_PREFIX)
        now = self.clock()
        for _attempt in range(20):
            code = new_code()
            with self._write() as con:
                con.execute("UPDATE workshop_sessions SET closed = 1 WHERE closed = 0 AND "
                            "created_at < ?", (now - SESSION_HOURS * 3600,))
                (n,) = con.execute("SELECT count(*) FROM workshop_sessions WHERE closed = 0"
                                   ).fetchone()
                if n >= MAX_OPEN_SESSIONS:
                    raise WorkshopError("workshop.server_full", limit=MAX_OPEN_SESSIONS)
                if con.execute("SELECT 1 FROM workshop_sessions WHERE code = ? AND closed = 0",
                               (code,)).fetchone():
                    continue
                cur = con.execute(
                    "INSERT INTO workshop_sessions(code, exercise, max_teams, rounds, "
                    "tiebreak_kpi, tiebreak_higher, pin_salt, pin_hash, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (code, exercise, teams, rounds, kpi, int(BETTER[op]), salt, digest, now))
                sid = cur.lastrowid
                con.executemany("INSERT INTO workshop_rounds(session, round, state) VALUES (?, ?, ?)",
                                [(sid, r, OPEN if r == 1 else PENDING) for r in range(1, rounds + 1)])
                con.execute("INSERT INTO workshop_facilitators(token, session, created_at) "
                            "VALUES (?, ?, ?)", (_hash(token), sid, now))
                return code, token
        raise WorkshopError("workshop.server_full", limit=MAX_OPEN_SESSIONS)   # pragma: no cover

    def facilitator_login(self, code: str, pin: str) -> str:
        """A new facilitator token for the open session ``code``, given its PIN (to run the
        session from another device). After MAX_PIN_FAILURES wrong PINs in a row, PIN logins
        to that session are refused for PIN_LOCK_SECONDS."""
        code = clean_code(code)
        if not isinstance(pin, str) or not pin:
            raise WorkshopError("workshop.pin_wrong")
        pin = pin[:MAX_PIN_CHARS + 1]
        with self._read() as con:
            row = con.execute("SELECT id, pin_salt FROM workshop_sessions WHERE code = ? AND "
                              "closed = 0", (code,)).fetchone()
        if row is None:
            raise WorkshopError("workshop.code_unknown", code=code)
        digest = _pin_hash(pin, row[1])        # outside the write lock: it takes a while
        token = _new_token(FACILITATOR_PREFIX)
        now = self.clock()
        wrong = False
        with self._write() as con:
            found = con.execute("SELECT pin_hash, pin_failures, pin_locked_until FROM "
                                "workshop_sessions WHERE id = ?", (row[0],)).fetchone()
            if found is None:
                raise WorkshopError("workshop.code_unknown", code=code)
            stored, failures, locked_until = found
            if locked_until > now:
                raise WorkshopError("workshop.pin_locked", seconds=math.ceil(locked_until - now))
            if hmac.compare_digest(stored, digest):
                con.execute("UPDATE workshop_sessions SET pin_failures = 0 WHERE id = ?", (row[0],))
                con.execute("INSERT INTO workshop_facilitators(token, session, created_at) "
                            "VALUES (?, ?, ?)", (_hash(token), row[0], now))
                con.execute("DELETE FROM workshop_facilitators WHERE session = ? AND token NOT IN "
                            "(SELECT token FROM workshop_facilitators WHERE session = ? "
                            "ORDER BY created_at DESC, rowid DESC LIMIT ?)",
                            (row[0], row[0], MAX_FACILITATOR_TOKENS))
            else:
                failures += 1
                lock = now + PIN_LOCK_SECONDS if failures >= MAX_PIN_FAILURES else 0.0
                con.execute("UPDATE workshop_sessions SET pin_failures = ?, pin_locked_until = ? "
                            "WHERE id = ?", (0 if lock else failures, lock, row[0]))
                wrong = True                   # committed first, then refused
        if wrong:
            raise WorkshopError("workshop.pin_wrong")
        return token

    # -- teams ----------------------------------------------------------------------------------
    def join(self, code: str, name: str) -> str:
        """Join the open session ``code`` as team ``name``: a team token. Refused for an
        unknown or closed code, a name in use in the session (case aside), a full session."""
        code = clean_code(code)
        name = clean_team_name(name)
        token = _new_token(TEAM_PREFIX)
        now = self.clock()
        with self._write() as con:
            row = con.execute("SELECT id, max_teams, created_at FROM workshop_sessions WHERE "
                              "code = ? AND closed = 0", (code,)).fetchone()
            if row is None or now >= row[2] + SESSION_HOURS * 3600:
                raise WorkshopError("workshop.code_unknown", code=code)
            sid, max_teams = row[0], row[1]
            if con.execute("SELECT 1 FROM workshop_teams WHERE session = ? AND name_key = ?",
                           (sid, name.casefold())).fetchone():
                raise WorkshopError("workshop.name_taken", name=name)
            (n,) = con.execute("SELECT count(*) FROM workshop_teams WHERE session = ?",
                               (sid,)).fetchone()
            if n >= max_teams:
                raise WorkshopError("workshop.session_full", limit=max_teams)
            con.execute("INSERT INTO workshop_teams(session, name, name_key, token, joined_at) "
                        "VALUES (?, ?, ?, ?, ?)", (sid, name, name.casefold(), _hash(token), now))
        return token

    def submit(self, team_token: str, rnd: int, changes: Mapping[str, Any],
               predictions: Mapping[str, float] | None = None) -> Submission:
        """The team's scenario for round ``rnd`` (lever changes) and its predictions (KPI:
        value). Only the current round, while it is open; a second submission replaces the
        first (its version goes up and any result of the old one is dropped)."""
        changes = _check_changes(changes)
        predictions = _check_predictions(predictions)
        changes_json = _json(changes, MAX_CHANGES_BYTES, "workshop.changes_bad",
                             "workshop.changes_too_large")
        predictions_json = _json(predictions, MAX_PREDICTIONS_BYTES, "workshop.predictions_bad",
                                 "workshop.predictions_too_large")
        now = self.clock()
        with self._write() as con:
            sid, team_id, team = self._team(con, team_token)
            session = self._session(con, sid)
            if isinstance(rnd, bool) or not isinstance(rnd, int) or not session.round_open(rnd):
                raise WorkshopError("workshop.round_closed", round=rnd)
            old = con.execute("SELECT version FROM workshop_submissions WHERE team = ? AND "
                              "round = ?", (team_id, rnd)).fetchone()
            version = old[0] + 1 if old else 1
            con.execute("DELETE FROM workshop_results WHERE team = ? AND round = ?", (team_id, rnd))
            con.execute("INSERT INTO workshop_submissions(team, round, version, changes, "
                        "predictions, submitted_at) VALUES (?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT(team, round) DO UPDATE SET version = excluded.version, "
                        "changes = excluded.changes, predictions = excluded.predictions, "
                        "submitted_at = excluded.submitted_at",
                        (team_id, rnd, version, changes_json, predictions_json, now))
        return Submission(team_id, team, rnd, version, json.loads(changes_json), predictions, now)

    def team_view(self, team_token: str) -> TeamView:
        """Everything ``team_token`` may see (one consistent snapshot)."""
        with self._read() as con:
            sid, team_id, team = self._team(con, team_token)
            session = self._session(con, sid)
            subs = {s.round: s for s in self._submissions(con, sid, team_id)}
            results = {r: self._results(con, sid, r) for r in sorted(session.released)}
        return TeamView(session, team_id, team, subs, results)

    def session_of(self, token: str) -> Session:
        """The session a team or facilitator token belongs to."""
        with self._read() as con:
            if isinstance(token, str) and token.startswith(FACILITATOR_PREFIX):
                return self._session(con, self._facilitator(con, token))
            return self._session(con, self._team(con, token)[0])

    # -- reading rows -----------------------------------------------------------------------------
    @staticmethod
    def _submissions(con, sid: int, team_id: int | None = None) -> list[Submission]:
        sql = ("SELECT s.team, t.name, s.round, s.version, s.changes, s.predictions, "
               "s.submitted_at FROM workshop_submissions s JOIN workshop_teams t ON t.id = s.team "
               "WHERE t.session = ?")
        args: tuple = (sid,)
        if team_id is not None:
            sql += " AND s.team = ?"
            args += (team_id,)
        rows = con.execute(sql + " ORDER BY s.round, t.id", args).fetchall()
        return [Submission(tid, name, rnd, ver, json.loads(ch), json.loads(pr), at)
                for tid, name, rnd, ver, ch, pr, at in rows]

    @staticmethod
    def _results(con, sid: int, rnd: int | None = None) -> list[Result]:
        sql = ("SELECT r.team, t.name, r.round, r.version, r.kpis, r.evaluation, r.stored_at "
               "FROM workshop_results r JOIN workshop_teams t ON t.id = r.team "
               "JOIN workshop_submissions s ON s.team = r.team AND s.round = r.round "
               "AND s.version = r.version WHERE t.session = ?")
        args: tuple = (sid,)
        if rnd is not None:
            sql += " AND r.round = ?"
            args += (rnd,)
        rows = con.execute(sql + " ORDER BY r.round, t.id", args).fetchall()
        return [Result(tid, name, r, ver, json.loads(k), json.loads(e), at)
                for tid, name, r, ver, k, e, at in rows]

    # -- results (the server's side) ----------------------------------------------------------------
    def record_result(self, team_id: int, rnd: int, version: int,
                      kpis: Sequence[Mapping[str, float]], evaluation: Mapping[str, Any]) -> bool:
        """Store the result of team ``team_id``'s submission ``version`` for round ``rnd``:
        ``kpis`` one mapping per replication (the team's scenario), ``evaluation`` the
        exercise's evaluation (``probability``, ``ci_low``, ``ci_high``, ``met``, ...).
        False (nothing stored) when that submission has since been replaced; storing the
        same result twice is harmless. Called by the server, never with a user's input."""
        kpis_json = _json(_check_kpis(kpis), MAX_RESULT_BYTES, "workshop.result_bad",
                          "workshop.result_too_large")
        ev_json = _json(_check_evaluation(evaluation), MAX_RESULT_BYTES, "workshop.result_bad",
                        "workshop.result_too_large")
        with self._write() as con:
            cur = con.execute("SELECT version FROM workshop_submissions WHERE team = ? AND "
                              "round = ?", (team_id, rnd)).fetchone()
            if cur is None or cur[0] != version:
                return False
            con.execute("INSERT INTO workshop_results(team, round, version, kpis, evaluation, "
                        "stored_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(team, round) DO UPDATE "
                        "SET version = excluded.version, kpis = excluded.kpis, "
                        "evaluation = excluded.evaluation, stored_at = excluded.stored_at",
                        (team_id, rnd, version, kpis_json, ev_json, self.clock()))
        return True

    # -- the facilitator's reference run -----------------------------------------------------------
    def record_reference(self, session_id: int, kpis: Sequence[Mapping[str, float]],
                         evaluation: Mapping[str, Any]) -> bool:
        """Store the result of the session's reference run (the exercise's reference
        ``solution``, simulated like a team's submission: the same baseline, seed and
        replications). False when the session is gone; storing it again is harmless. Called
        by the server, never with a user's input."""
        kpis_json = _json(_check_kpis(kpis), MAX_RESULT_BYTES, "workshop.result_bad",
                          "workshop.result_too_large")
        ev_json = _json(_check_evaluation(evaluation), MAX_RESULT_BYTES, "workshop.result_bad",
                        "workshop.result_too_large")
        with self._write() as con:
            if not con.execute("SELECT 1 FROM workshop_sessions WHERE id = ?",
                               (session_id,)).fetchone():
                return False
            con.execute("INSERT INTO workshop_reference(session, kpis, evaluation, stored_at) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT(session) DO UPDATE SET kpis = "
                        "excluded.kpis, evaluation = excluded.evaluation, stored_at = "
                        "excluded.stored_at", (session_id, kpis_json, ev_json, self.clock()))
        return True

    def reference_missing(self, facilitator_token: str) -> Session | None:
        """The session of ``facilitator_token`` when its reference run has no stored result
        yet (what the server still has to simulate), else None."""
        with self._read() as con:
            sid = self._facilitator(con, facilitator_token)
            if con.execute("SELECT 1 FROM workshop_reference WHERE session = ?", (sid,)).fetchone():
                return None
            return self._session(con, sid)

    def reference(self, token: str, rnd: int) -> Result | None:
        """The reference run as round ``rnd``'s reference line (None until it is simulated),
        under the same rule as :meth:`results`: any round for a facilitator token, only a
        released round for a team token (WorkshopError "workshop.not_released" otherwise).
        Its ``team_id`` and ``version`` are 0 and ``team`` is empty: the page names it."""
        with self._read() as con:
            if isinstance(token, str) and token.startswith(FACILITATOR_PREFIX):
                sid = self._facilitator(con, token)
            else:
                sid = self._team(con, token)[0]
                if rnd not in self._session(con, sid).released:
                    raise WorkshopError("workshop.not_released", round=rnd)
            row = con.execute("SELECT kpis, evaluation, stored_at FROM workshop_reference "
                              "WHERE session = ?", (sid,)).fetchone()
        if row is None:
            return None
        return Result(0, "", rnd, 0, json.loads(row[0]), json.loads(row[1]), row[2])

    def pending(self, session_id: int | None = None) -> list[tuple[Session, Submission]]:
        """Submissions without a result for their current version (oldest first), with their
        session: what the server still has to simulate (after a restart too)."""
        with self._read() as con:
            sql = ("SELECT t.session, s.team, t.name, s.round, s.version, s.changes, "
                   "s.predictions, s.submitted_at FROM workshop_submissions s "
                   "JOIN workshop_teams t ON t.id = s.team LEFT JOIN workshop_results r "
                   "ON r.team = s.team AND r.round = s.round AND r.version = s.version "
                   "WHERE r.team IS NULL")
            args: tuple = ()
            if session_id is not None:
                sql += " AND t.session = ?"
                args = (session_id,)
            rows = con.execute(sql + " ORDER BY s.submitted_at, s.team", args).fetchall()
            sessions = {sid: self._session(con, sid) for sid in {r[0] for r in rows}}
        return [(sessions[sid], Submission(tid, name, rnd, ver, json.loads(ch), json.loads(pr), at))
                for sid, tid, name, rnd, ver, ch, pr, at in rows]

    def pending_for(self, token: str) -> list[Submission]:
        """The submissions of ``token``'s session (a team's: only its own) still without a
        result."""
        with self._read() as con:
            if isinstance(token, str) and token.startswith(FACILITATOR_PREFIX):
                sid, team_id = self._facilitator(con, token), None
            else:
                sid, team_id, _name = self._team(con, token)
        return [s for _session, s in self.pending(sid) if team_id is None or s.team_id == team_id]

    # -- the facilitator's side ---------------------------------------------------------------------
    def overview(self, facilitator_token: str) -> Overview:
        """The session, its teams and who has submitted (and has a result) in each round."""
        with self._read() as con:
            sid = self._facilitator(con, facilitator_token)
            session = self._session(con, sid)
            teams = [n for (n,) in con.execute("SELECT name FROM workshop_teams WHERE session = ? "
                                               "ORDER BY id", (sid,))]
            submitted: dict[int, list[str]] = {r: [] for r in range(1, session.rounds + 1)}
            for s in self._submissions(con, sid):
                submitted[s.round].append(s.team)
            with_result: dict[int, list[str]] = {r: [] for r in range(1, session.rounds + 1)}
            for r in self._results(con, sid):
                with_result[r.round].append(r.team)
        return Overview(session, teams, submitted, with_result)

    def submissions(self, facilitator_token: str) -> list[Submission]:
        """Every submission of the session (facilitator only)."""
        with self._read() as con:
            return self._submissions(con, self._facilitator(con, facilitator_token))

    def results(self, token: str, rnd: int) -> list[Result]:
        """Round ``rnd``'s results: any round for a facilitator token; for a team token only
        a released round (WorkshopError "workshop.not_released" otherwise)."""
        with self._read() as con:
            if isinstance(token, str) and token.startswith(FACILITATOR_PREFIX):
                sid = self._facilitator(con, token)
            else:
                sid = self._team(con, token)[0]
                if rnd not in self._session(con, sid).released:
                    raise WorkshopError("workshop.not_released", round=rnd)
            return self._results(con, sid, rnd)

    def leaderboard(self, token: str, rnd: int) -> list[Standing]:
        """Round ``rnd``'s leaderboard (see :func:`rank`), under the same rule as
        :meth:`results` for who may see it."""
        session = self.session_of(token)
        return rank(self.results(token, rnd), session.tiebreak_kpi, session.tiebreak_higher)

    def _act(self, facilitator_token: str, action) -> Session:
        with self._write() as con:
            sid = self._facilitator(con, facilitator_token)
            session = self._session(con, sid)
            action(con, session)
            return self._session(con, sid)

    @staticmethod
    def _check_round(session: Session, rnd: Any) -> int:
        if isinstance(rnd, bool) or not isinstance(rnd, int) or not 1 <= rnd <= session.rounds:
            raise WorkshopError("workshop.round_bad", round=rnd, rounds=session.rounds)
        return rnd

    def open_round(self, facilitator_token: str, rnd: int) -> Session:
        """Open the current round ``rnd`` for submissions (again, after a lock), unless its
        results have been released."""
        def act(con, s: Session) -> None:
            self._check_round(s, rnd)
            if rnd != s.current_round:
                raise WorkshopError("workshop.round_not_current", round=rnd, current=s.current_round)
            if rnd in s.released:
                raise WorkshopError("workshop.round_released", round=rnd)
            con.execute("UPDATE workshop_rounds SET state = 'open' WHERE session = ? AND round = ?",
                        (s.id, rnd))
        return self._act(facilitator_token, act)

    def lock_round(self, facilitator_token: str, rnd: int) -> Session:
        """No more submissions (or changes) for round ``rnd``."""
        def act(con, s: Session) -> None:
            self._check_round(s, rnd)
            con.execute("UPDATE workshop_rounds SET state = 'locked' WHERE session = ? AND "
                        "round = ?", (s.id, rnd))
        return self._act(facilitator_token, act)

    def release(self, facilitator_token: str, rnd: int) -> Session:
        """Release round ``rnd``'s results to every team (the round is locked first)."""
        def act(con, s: Session) -> None:
            self._check_round(s, rnd)
            con.execute("UPDATE workshop_rounds SET state = 'locked', released = 1 WHERE "
                        "session = ? AND round = ?", (s.id, rnd))
        return self._act(facilitator_token, act)

    def advance(self, facilitator_token: str) -> Session:
        """Lock the current round and open the next one."""
        def act(con, s: Session) -> None:
            if s.current_round >= s.rounds:
                raise WorkshopError("workshop.last_round", rounds=s.rounds)
            con.execute("UPDATE workshop_rounds SET state = 'locked' WHERE session = ? AND "
                        "round = ?", (s.id, s.current_round))
            con.execute("UPDATE workshop_rounds SET state = 'open' WHERE session = ? AND "
                        "round = ?", (s.id, s.current_round + 1))
            con.execute("UPDATE workshop_sessions SET current_round = ? WHERE id = ?",
                        (s.current_round + 1, s.id))
        return self._act(facilitator_token, act)

    def reveal_debrief(self, facilitator_token: str) -> Session:
        """Show the exercise's debrief to every team."""
        def act(con, s: Session) -> None:
            con.execute("UPDATE workshop_sessions SET debrief = 1 WHERE id = ?", (s.id,))
        return self._act(facilitator_token, act)

    def close_session(self, facilitator_token: str) -> Session:
        """End the session: no more teams or submissions, its join code is free again; what
        was stored stays readable by its tokens (and exportable)."""
        def act(con, s: Session) -> None:
            con.execute("UPDATE workshop_sessions SET closed = 1 WHERE id = ?", (s.id,))
            con.execute("UPDATE workshop_rounds SET state = 'locked' WHERE session = ?", (s.id,))
        return self._act(facilitator_token, act)

    def export_rows(self, facilitator_token: str) -> list[dict[str, Any]]:
        """One row per submission (round, team): when, each lever change (``change:<path>``),
        each prediction (``prediction:<kpi>``), and the result when there is one: the
        probability that the goal is met with its interval, whether it is met, the
        replications, and each KPI's mean over them (``mean:<kpi>``)."""
        with self._read() as con:
            sid = self._facilitator(con, facilitator_token)
            session = self._session(con, sid)
            subs = self._submissions(con, sid)
            results = {(r.team_id, r.round): r for r in self._results(con, sid)}
        rows = []
        for s in subs:
            row: dict[str, Any] = {"session": session.code, "exercise": session.exercise,
                                   "round": s.round, "team": s.team, "version": s.version,
                                   "submitted_at": time.strftime("%Y-%m-%dT%H:%M:%S%z",
                                                                 time.localtime(s.submitted_at)),
                                   "released": s.round in session.released}
            row.update({f"change:{k}": v if isinstance(v, (int, float, str, bool)) or v is None
                        else json.dumps(v, ensure_ascii=False) for k, v in sorted(s.changes.items())})
            row.update({f"prediction:{k}": v for k, v in sorted(s.predictions.items())})
            res = results.get((s.team_id, s.round))
            if res is not None:
                ev = res.evaluation
                row.update({"probability": ev["probability"], "ci_low": ev["ci_low"],
                            "ci_high": ev["ci_high"], "met": ev["met"],
                            "replications": len(res.kpis)})
                for kpi in KPI_NAMES:
                    vals = [r.get(kpi) for r in res.kpis if r.get(kpi) is not None]
                    if vals:
                        row[f"mean:{kpi}"] = statistics.fmean(vals)
            rows.append(row)
        return rows
