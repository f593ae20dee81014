"""A data folder opened for work: the store plus the services over it (the services' composition)."""

from __future__ import annotations

import getpass
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anninh_desktop.domain.officers import Officer
from anninh_desktop.services.clock import Clock, system_clock
from anninh_desktop.storage.meta import ChangeStamp
from anninh_desktop.storage.store import Store, open_store

log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    """The user's data folder (platformdirs), unless the program runs in portable mode: then the
    `data` folder beside the program (locations.portable_data_dir)."""
    from anninh_desktop.locations import portable_data_dir

    portable = portable_data_dir()
    if portable is not None:
        return portable
    from platformdirs import user_data_dir

    return Path(user_data_dir("AnNinhDesktop", appauthor=False, roaming=False))


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises various errors when no user name is set
        return "unknown"


@dataclass
class Workspace:
    """An open data folder with the clock and the user acting on it."""

    store: Store
    clock: Clock = system_clock
    actor: str = field(default_factory=_default_actor)
    # The officer at work (services/people/session.py); None: changes name only the OS user.
    officer: Officer | None = None

    @property
    def root(self) -> Path:
        return self.store.root

    def record(
        self,
        stamp: ChangeStamp,
        action: str,
        entity: str,
        entity_id: str,
        old: Any = None,
        new: Any = None,
    ) -> None:
        """Append an audit event inside the current change's transaction."""
        self.store.audit.append(
            at=self.clock().isoformat(),
            installation=stamp.installation,
            actor=self.actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            old=old,
            new=new,
            officer_id=self.officer.id if self.officer else "",
            officer_name=self.officer.label if self.officer else "",
        )

    def reopen(self) -> Workspace:
        """The same data folder on a connection of its own (for a worker thread); close it after."""
        return Workspace(
            store=open_store(self.root, clean=False),
            clock=self.clock,
            actor=self.actor,
            officer=self.officer,
        )

    def close(self) -> None:
        self.store.close()


def open_workspace(
    data_dir: Path,
    *,
    clock: Clock | None = None,
    actor: str | None = None,
    seed_reference: bool = True,
) -> Workspace:
    """Open a data folder; on first use it is filled with the official units and shipped sets."""
    store = open_store(data_dir)
    ws = Workspace(store=store, clock=clock or system_clock, actor=actor or _default_actor())
    if seed_reference:
        from anninh_desktop.services.reference_data import ensure_reference_data

        ensure_reference_data(ws)
    return ws
