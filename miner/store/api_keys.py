"""HTTP API keys: one workspace each, stored as the SHA-256 of their secret part.

A key reads `jm_<prefix>_<secret>`. The prefix is public (it finds the row); the secret has
256 bits of entropy, so a plain SHA-256 is enough (no slow password hash needed) and the
stored digest is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from miner.store.schema import ApiKey, utcnow

KEY_PREFIX = "jm"


@dataclass(frozen=True)
class ApiKeyIdentity:
    """Who a verified key speaks for."""

    key_id: int
    workspace: str
    prefix: str

    @property
    def actor(self) -> str:
        """How edits made with this key are recorded (audit log, label corrections)."""
        return f"{self.workspace}/key-{self.key_id}"


@dataclass(frozen=True)
class NewApiKey:
    identity: ApiKeyIdentity
    key: str  # shown once; only its digest is stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_api_key(session: Session, workspace: str, name: str = "") -> NewApiKey:
    """A new key for `workspace`; the caller commits. The full key is returned only here."""
    workspace = workspace.strip()
    if not workspace:
        raise ValueError("workspace name must not be empty")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    row = ApiKey(workspace=workspace, prefix=prefix, secret_sha256=_digest(secret), name=name)
    session.add(row)
    session.flush()
    identity = ApiKeyIdentity(row.id, workspace, prefix)
    return NewApiKey(identity, f"{KEY_PREFIX}_{prefix}_{secret}")


def verify_api_key(session: Session, key: str) -> ApiKeyIdentity | None:
    """The identity behind `key`, or None when it is malformed, unknown or revoked."""
    parts = key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    row = session.scalar(select(ApiKey).where(ApiKey.prefix == parts[1]))
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.secret_sha256, _digest(parts[2])):
        return None
    return ApiKeyIdentity(row.id, row.workspace, row.prefix)


def revoke_api_key(session: Session, prefix: str) -> bool:
    """Revoke the key with this public prefix; False when there is none."""
    row = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if row is None:
        return False
    row.revoked_at = row.revoked_at or utcnow()
    return True


def list_api_keys(session: Session, workspace: str | None = None) -> list[ApiKey]:
    query = select(ApiKey).order_by(ApiKey.workspace, ApiKey.id)
    if workspace is not None:
        query = query.where(ApiKey.workspace == workspace)
    return list(session.scalars(query))
