#!/usr/bin/env bash
# Vendors Workbox's service-worker modules from the npm registry into static/vendor/workbox/.
# The built files are committed, so the app needs no Node.js at run time; run this again (with
# a new WORKBOX_VERSION) to upgrade. Modules, and why each is there:
#   workbox-sw                  the loader: importScripts the modules below from our own path
#   workbox-core                what every other module needs
#   workbox-routing             sends each request to its strategy (pages, media, static files)
#   workbox-strategies          NetworkFirst for learner pages, CacheFirst for media
#   workbox-precaching          the app shell (CSS, scripts, the offline page), by revision
#   workbox-expiration          caps the lessons kept because they were opened once
#   workbox-cacheable-response  keeps only pages the server marks as safe to keep offline
#   workbox-background-sync     the queue of answers, lesson marks and submits (IndexedDB),
#                               replayed in order on the sync event or at the next start
set -euo pipefail
WORKBOX_VERSION="${WORKBOX_VERSION:-7.4.1}"
MODULES="workbox-sw workbox-core workbox-routing workbox-strategies workbox-precaching
workbox-expiration workbox-cacheable-response workbox-background-sync"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target=static/vendor/workbox
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$target"
mkdir -p "$target"
for module in $MODULES; do
  (cd "$work" && npm pack --silent "$module@$WORKBOX_VERSION" >/dev/null)
  tar -xzf "$work/$module-$WORKBOX_VERSION.tgz" -C "$work" package/build package/LICENSE
  if [ "$module" = workbox-sw ]; then
    cp "$work/package/build/workbox-sw.js" "$target/"
  else
    cp "$work/package/build/$module.prod.js" "$target/"
  fi
  cp "$work/package/LICENSE" "$target/LICENSE"
  rm -rf "$work/package"
done
echo "$WORKBOX_VERSION" > "$target/VERSION"
ls -l "$target"
