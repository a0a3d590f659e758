#!/usr/bin/env bash
# Daily backup, run by cron (deploy/tremplin.cron) as the tremplin user: a compressed
# pg_dump in the custom format plus the uploaded files, kept BACKUP_KEEP_DAYS days.
# Restore drill: docs/operations.md §5.
set -euo pipefail
ENV_FILE=${TREMPLIN_ENV_FILE:-/etc/tremplin.env}
if [ -f "$ENV_FILE" ]; then set -a; . "$ENV_FILE"; set +a; fi
: "${DATABASE_URL:?DATABASE_URL must point at the production database}"
BACKUP_DIR=${BACKUP_DIR:-/backup}
KEEP=${BACKUP_KEEP_DAYS:-30}
MEDIA=${TREMPLIN_MEDIA_ROOT:-$(dirname "$0")/../var/media}
stamp=$(date +%Y-%m-%d)
mkdir -p "$BACKUP_DIR"
pg_dump --format=custom --no-owner --file="$BACKUP_DIR/tremplin-$stamp.dump" "$DATABASE_URL"
if [ -d "$MEDIA" ]; then
  tar -C "$(dirname "$MEDIA")" -czf "$BACKUP_DIR/tremplin-media-$stamp.tar.gz" "$(basename "$MEDIA")"
fi
find "$BACKUP_DIR" -name 'tremplin-*' -mtime +"$KEEP" -delete
echo "Sauvegarde écrite dans $BACKUP_DIR (tremplin-$stamp.*)"
