#!/usr/bin/env bash
# Compare openapi.yaml at a git ref with the one in the working tree, for `make diff` and
# `make diff-check`:
#   1. the spec diff, classified for client users (specdiff.py), and
#   2. griffe's Python-level breaks in sendmux_client and sendmux (generated/ and overlays/) since that ref.
# Exit status: the spec diff's (1 = breaking without a major info.version bump); griffe only informs.
#   tools/specdiff/diff-against.sh GIT_REF [--json | --markdown] [--spec-only]
set -euo pipefail
ref=${1:?usage: tools/specdiff/diff-against.sh GIT_REF [--json | --markdown] [--spec-only]}
shift
format=() spec_only=
for arg in "$@"; do
  case $arg in
    --json | --markdown) format=("$arg") ;;
    --spec-only) spec_only=1 ;;
    *) echo "diff-against.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
cd "$(git rev-parse --show-toplevel)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! git show "$ref:openapi.yaml" >"$tmp/base.yaml" 2>"$tmp/err"; then
  echo "diff: cannot read openapi.yaml at '$ref': $(cat "$tmp/err")" >&2
  exit 3
fi

status=0
python -m tools.specdiff.specdiff "$tmp/base.yaml" openapi.yaml \
  --base-label "$ref" --new-label "working tree" ${format[@]+"${format[@]}"} || status=$?
if [ "$status" -gt 1 ] || [ -n "$spec_only" ]; then
  exit "$status"
fi

# Machine-readable output stays alone on stdout; the Python report then goes to stderr.
if [ ${#format[@]} -gt 0 ]; then exec 3>&2; else exec 3>&1; fi
{
  echo
  echo "Python API since $ref (griffe check):"
  mkdir "$tmp/base"
  git archive "$ref" -- generated overlays | tar -x -C "$tmp/base"
  python -m tools.specdiff.python_breaks "$tmp/base" .
} >&3
exit "$status"
