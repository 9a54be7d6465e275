"""photos stored before uploads were re-encoded: re-encode them, so none keeps EXIF (camera,
location) or bytes appended after the image

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 11:00:00
"""

import hashlib
import io
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from PIL import Image

from readmit import uploads

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    ids = connection.execute(sa.text('SELECT id FROM application_photos ORDER BY id')).scalars()
    for photo_id in list(ids):
        content = connection.execute(
            sa.text('SELECT content FROM application_photos WHERE id = :id'), {'id': photo_id}
        ).scalar_one()
        # Checked at upload (2 MB, 120-6000 px a side): safe to decode here, one at a time.
        clean = uploads.reencode(bytes(content))
        width, height = Image.open(io.BytesIO(clean)).size
        connection.execute(
            sa.text(
                'UPDATE application_photos SET content = :content, width = :width,'
                ' height = :height, sha256 = :sha256 WHERE id = :id'
            ),
            {
                'content': clean,
                'width': width,
                'height': height,
                'sha256': hashlib.sha256(clean).hexdigest(),
                'id': photo_id,
            },
        )


def downgrade() -> None:
    """The original bytes are gone by design; nothing to restore."""
