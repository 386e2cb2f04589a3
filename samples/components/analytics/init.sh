#!/bin/sh
# Analytics component init: writes $HUGO_WORK_DIR/layouts/partials/analytics.html, which the theme
# includes at the end of every page. The site id comes from HUGO_ANALYTICS_ID, which a site project
# passes from the MSBuild property HugoAnalyticsId through the component's Environment metadata.
# Optional: HUGO_ANALYTICS_ENDPOINT, the base address of the self-hosted counter
# (default https://stats.example.org).
# Exit codes: 2 = not run as a component, 3 = no id given, 4 = id or endpoint not usable.
set -eu

fail() {
  printf 'analytics: %s\n' "$2" >&2
  exit "$1"
}

[ -n "${HUGO_WORK_DIR:-}" ] || fail 2 "HUGO_WORK_DIR is not set; run this script as the init command of the analytics component."

id="${HUGO_ANALYTICS_ID:-}"
[ -n "$id" ] || fail 3 "no analytics site id. Set the MSBuild property HugoAnalyticsId (for example -p:HugoAnalyticsId=docs-site), which reaches this component as HUGO_ANALYTICS_ID."
case "$id" in
  *[!A-Za-z0-9._-]*) fail 4 "analytics site id '$id' may contain only letters, digits, '.', '_' and '-'. Check HugoAnalyticsId." ;;
esac

endpoint="${HUGO_ANALYTICS_ENDPOINT:-https://stats.example.org}"
endpoint="${endpoint%/}"
case "$endpoint" in
  https://*|http://*) ;;
  *) fail 4 "HUGO_ANALYTICS_ENDPOINT must start with https:// or http://, not '$endpoint'." ;;
esac
case "$endpoint" in
  *[!A-Za-z0-9.:/_-]*) fail 4 "HUGO_ANALYTICS_ENDPOINT '$endpoint' contains characters that are not allowed in a base address." ;;
esac

dir="${HUGO_WORK_DIR%/}/layouts/partials"
mkdir -p "$dir"
tmp="$dir/analytics.html.$$.tmp"
trap 'rm -f "$tmp"' EXIT
cat > "$tmp" <<PARTIAL
{{- /* Written by the analytics component's init command from HUGO_ANALYTICS_ID. Cookieless, honours Do Not Track. */ -}}
<script defer src="$endpoint/js/count.js" data-site="$id" data-api="$endpoint/api/event" data-respect-dnt="true"></script>
  <noscript><img src="$endpoint/api/pixel.gif?site=$id&amp;path={{ .RelPermalink }}" alt="" width="1" height="1" referrerpolicy="no-referrer-when-downgrade"></noscript>
PARTIAL
mv -f "$tmp" "$dir/analytics.html"
trap - EXIT
echo "analytics: site id $id, counter at $endpoint"
