#!/usr/bin/env bash
# Vendors the scorm-again SCORM runtime from the npm registry into static/vendor/scorm-again/.
# The built files are committed, so the app needs no Node.js at run time; run this again (with
# a new SCORM_AGAIN_VERSION) to upgrade. Files, and why each is there:
#   scorm12.min.js          the SCORM 1.2 runtime only (window.Scorm12API), run by the lesson
#                           page: it checks every value against the 1.2 data model and keeps
#                           the learner's data; the all-versions build is four times larger
#   cross-frame-lms.min.js  in the lesson page: answers the package frame's postMessage calls
#                           with the runtime above
#   cross-frame-api.min.js  in the package frame (sandboxed, an opaque origin that cannot reach
#                           the lesson page): window.API, synchronous from its cache, relaying
#                           every call to the lesson page by postMessage
set -euo pipefail
SCORM_AGAIN_VERSION="${SCORM_AGAIN_VERSION:-3.4.3}"
FILES="scorm12.min.js cross-frame-lms.min.js cross-frame-api.min.js"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target=static/vendor/scorm-again
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$target"
mkdir -p "$target"
(cd "$work" && npm pack --silent "scorm-again@$SCORM_AGAIN_VERSION" >/dev/null)
tar -xzf "$work/scorm-again-$SCORM_AGAIN_VERSION.tgz" -C "$work" package/dist package/LICENSE
for file in $FILES; do
  # The source-map comment points at a file that is not vendored.
  sed '/^\/\/# sourceMappingURL=/d' "$work/package/dist/$file" > "$target/$file"
done
cp "$work/package/LICENSE" "$target/LICENSE"
echo "$SCORM_AGAIN_VERSION" > "$target/VERSION"
ls -l "$target"
