"""JSON API for the caller's identity, users and tokens."""

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import select

from readmit.auth import service
from readmit.auth.models import ApiToken, Role, User
from readmit.auth.schemas import (
    TokenCreate,
    TokenIssued,
    TokenPublic,
    UserCreate,
    UserPublic,
    UserRolesUpdate,
)
from readmit.database.core import utcnow
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.web.deps import ApiUser, DbSession, RowId

router = APIRouter(tags=["users"])


def user_public(user: User) -> UserPublic:
    """A user with their authority."""
    return UserPublic(
        id=user.id,
        email=user.email,
        full_name=user.full_name,
        roles=user.roles,
        authority=user.authority.name,
        state=user.state_code,
        status=user.status_at(utcnow()),
        locked_until=user.locked_until,
    )


def admin(user: ApiUser) -> User:
    """Only admins manage users and agreements."""
    if not user.has_role(Role.admin):
        raise Forbidden("only admins may do this")
    return user


Admin = Annotated[User, Depends(admin)]


def managed_user(user_id: RowId, db: DbSession, actor: Admin) -> User:
    """A user of the admin's own authority (403 for a non-admin first, then 404)."""
    return service.get_user(session=db, actor=actor, user_id=user_id)


ManagedUser = Annotated[User, Depends(managed_user)]


@router.get("/me", response_model=UserPublic)
def me(user: ApiUser) -> UserPublic:
    """The caller."""
    return user_public(user)


@router.get("/users", response_model=list[UserPublic])
def list_users(db: DbSession, user: Admin) -> list[UserPublic]:
    """Users of the admin's authority."""
    return [user_public(u) for u in service.list_users(session=db, authority_id=user.authority_id)]


@router.post("/users", status_code=201, response_model=UserPublic)
def create_user(payload: UserCreate, db: DbSession, user: Admin) -> UserPublic:
    """Add a user to the admin's authority."""
    if service.get_by_email(session=db, email=payload.email) is not None:
        raise Conflict("a user with this e-mail exists")
    created = service.create_user(
        session=db,
        authority_id=user.authority_id,
        email=payload.email,
        full_name=payload.full_name,
        password=payload.password,
        roles=payload.roles,
        actor=user,
    )
    return user_public(created)


@router.get("/users/{user_id}", response_model=UserPublic)
def get_user(target: ManagedUser) -> UserPublic:
    """One user of the admin's authority, with their status."""
    return user_public(target)


@router.put("/users/{user_id}/roles", response_model=UserPublic)
def change_roles(
    payload: UserRolesUpdate, db: DbSession, user: Admin, target: ManagedUser
) -> UserPublic:
    """Replace a user's roles (409: an admin's own admin role, or the authority's last)."""
    service.change_roles(session=db, actor=user, user=target, roles=payload.roles)
    return user_public(target)


@router.post("/users/{user_id}/deactivate", response_model=UserPublic)
def deactivate(db: DbSession, user: Admin, target: ManagedUser) -> UserPublic:
    """Deactivate a user: their sessions end and their tokens are revoked at once."""
    service.deactivate(session=db, actor=user, user=target)
    return user_public(target)


@router.post("/users/{user_id}/reactivate", response_model=UserPublic)
def reactivate(db: DbSession, user: Admin, target: ManagedUser) -> UserPublic:
    """Let a deactivated user log in again."""
    service.reactivate(session=db, actor=user, user=target)
    return user_public(target)


@router.post("/users/{user_id}/unlock", response_model=UserPublic)
def unlock(db: DbSession, user: Admin, target: ManagedUser) -> UserPublic:
    """End a lock-out after failed logins."""
    service.unlock(session=db, actor=user, user=target)
    return user_public(target)


@router.get("/tokens", response_model=list[TokenPublic])
def list_tokens(db: DbSession, user: ApiUser) -> list[TokenPublic]:
    """The caller's tokens."""
    rows = db.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    return [TokenPublic.model_validate(t) for t in rows]


@router.post("/tokens", status_code=201, response_model=TokenIssued)
def issue_token(payload: TokenCreate, db: DbSession, user: ApiUser) -> TokenIssued:
    """Issue a token for the caller; the value is returned once."""
    token, row = service.issue_token(session=db, user=user, name=payload.name)
    return TokenIssued(id=row.id, name=row.name, token=token)


@router.post("/tokens/{token_id}/revoke", response_model=TokenPublic)
def revoke_token(token_id: RowId, db: DbSession, user: ApiUser) -> TokenPublic:
    """Revoke one of the caller's tokens (admins: any of their authority's)."""
    row = db.get(ApiToken, token_id)
    if row is None or (row.user_id != user.id and not user.has_role(Role.admin)):
        raise NotFound("no such token")
    revoked = service.revoke_token(session=db, token_id=token_id, actor=user)
    if revoked is None:
        raise NotFound("no such token")
    return TokenPublic.model_validate(revoked)
