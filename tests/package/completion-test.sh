#!/usr/bin/env bash
# Drives the bash completion the way bash does (COMP_WORDS/COMP_CWORD) against
# a stand-in tokentray that answers `list --json`, fails, prints HTML or hangs.
# Usage: completion-test.sh COMPLETION_FILE
set -uo pipefail

completion=${1:?usage: completion-test.sh COMPLETION_FILE}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# The stand-in records its arguments, and anything it could read on stdin.
mkdir "$work/bin"
cat >"$work/bin/tokentray" <<'FAKE'
#!/usr/bin/env bash
printf '%s\n' "$@" >"$FAKE_ARGS"
if read -r -t 0.2 line; then echo "$line" >>"$FAKE_STDIN"; fi
case $FAKE_MODE in
    ok)
        cat <<'JSON'
[{"id":"5c2a8f3e-0000-4000-8000-000000000001","name":"prod-7g","provider":"7g","environment":"production","state":"valid","secondsLeft":512},
 {"id":"5c2a8f3e-0000-4000-8000-000000000002","name":"Prod 7G \"blue\"","provider":"7g","environment":"dev","state":"expired","secondsLeft":0},
 {"id":"5c2a8f3e-0000-4000-8000-000000000003", "name" : "d7-sms", "provider":"d7","state":"valid","secondsLeft":3000}]
JSON
        ;;
    fail) echo "tokentray: the keyring is locked" >&2; exit 6 ;;
    html) echo "<html><body>502 Bad Gateway</body></html>" ;;
    hang) exec sleep "$FAKE_SLEEP" ;;
esac
FAKE
chmod +x "$work/bin/tokentray"
export PATH="$work/bin:$PATH" FAKE_ARGS="$work/args" FAKE_STDIN="$work/stdin" FAKE_MODE=ok
# A duration no other process uses, to find the stand-in afterwards.
export FAKE_SLEEP=60.$$

# shellcheck source=/dev/null
source "$completion" || { echo "FAIL: cannot source $completion" >&2; exit 1; }
complete -p tokentray >/dev/null || fail "no completion registered for tokentray"

# complete WORD... : the last word is the one being completed (may be empty).
complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    # Input typed ahead in the terminal must never reach tokentray.
    _tokentray <<<"typed-ahead"
}

# expect "description" "expected replies, sorted, space separated" WORD...
expect() {
    local what=$1 want=$2
    shift 2
    complete_words "$@"
    local got
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//')
    [[ $got == "$want" ]] || fail "$what: want [$want], got [$got]"
}

expect "commands" "add claims curl env exec export header import list log remove signout token" tokentray ""
expect "export options" "--output" tokentray export --
expect "import options" "--on-duplicate" tokentray import --
expect "duplicate policies" "rename skip" tokentray import --on-duplicate ""
expect "command prefix" "token" tokentray to
expect "global options" "--ca-file --config-dir --demo --help --version" tokentray --
expect "global option prefix" "--config-dir" tokentray --con
expect "list options" "--json" tokentray list ""
expect "log options" "--json --limit" tokentray log ""
expect "log options, used ones left out" "--limit" tokentray log --json --
expect "add without provider" "--provider" tokentray add ""
expect "provider values" "7g d7" tokentray add --provider ""
expect "environments" "demo dev lab production test" tokentray add --provider 7g --name x --environment ""
expect "7g add options, used ones left out" "--base-url --environment --password-stdin --username" \
    tokentray add --provider 7g --name x --
expect "d7 add options" "--base-url --client-id --name --secret-stdin --token-stdin" tokentray add --provider d7 --
expect "--provider=d7 form" "--base-url --client-id --name --secret-stdin --token-stdin" tokentray add --provider = d7 --
expect "pasted token options" "--base-url --client-id --expires-at --expires-in --name --replace" tokentray add --provider d7 --token-stdin --
expect "no value after --expires-in" "" tokentray add --provider d7 --token-stdin --expires-in ""
expect "no completion for a free value" "" tokentray add --provider 7g --username ""
expect "token options" "--min-valid" tokentray token --
expect "no completion for --min-valid's value" "" tokentray token --min-valid ""
expect "env options" "--format --min-valid" tokentray env --
expect "env formats" "dotenv json shell" tokentray env --format ""
expect "env format prefix" "dotenv" tokentray env --format d
expect "exec options" "--min-valid --token-file" tokentray exec --
expect "exec after NAME: the --" "--" tokentray exec prod-7g ""
printf '#!/bin/sh\n' >"$work/bin/tt-completion-tool" && chmod +x "$work/bin/tt-completion-tool"
expect "exec program" "tt-completion-tool" tokentray exec prod-7g -- tt-completion-t
expect "exec program's arguments are its own" "" tokentray exec prod-7g -- sh --

# Account names, quoted for the shell.
expect "names" 'Prod\ 7G\ \"blue\" d7-sms prod-7g' tokentray token ""
expect "name prefix" "prod-7g" tokentray header prod
expect "name with a space" 'Prod\ 7G\ \"blue\"' tokentray claims "Prod"
expect "names after --min-valid" "d7-sms" tokentray curl --min-valid 120 d7
expect "only one name" "" tokentray token prod-7g ""
expect "exec names" "d7-sms" tokentray exec --token-file d7
expect "list takes no name" "--json" tokentray list ""
grep -qx list "$FAKE_ARGS" || fail "the stand-in was not asked to list"
grep -qx -- --json "$FAKE_ARGS" || fail "list was not asked for JSON"
[[ -s $FAKE_STDIN ]] && fail "the stand-in could read the shell's stdin"

# --config-dir before the command is passed on to `list`.
expect "names with --config-dir" "d7-sms" tokentray --config-dir /srv/tt token d
tr '\n' ' ' <"$FAKE_ARGS" | grep -q -- '--config-dir /srv/tt list --json' \
    || fail "--config-dir not passed on: $(tr '\n' ' ' <"$FAKE_ARGS")"
expect "names with --config-dir=DIR" "d7-sms" tokentray --config-dir = /srv/other token d
tr '\n' ' ' <"$FAKE_ARGS" | grep -q -- '--config-dir /srv/other list --json' \
    || fail "--config-dir=DIR not passed on: $(tr '\n' ' ' <"$FAKE_ARGS")"

# The program as typed, when it is a path, answers for itself.
mkdir "$work/other"
cp "$work/bin/tokentray" "$work/other/tokentray"
rm -f "$FAKE_ARGS"
expect "program as typed" "d7-sms" "$work/other/tokentray" remove d
[[ -s $FAKE_ARGS ]] || fail "the program as typed was not run"

# Failures complete nothing, quickly, and print nothing.
for mode in fail html; do
    FAKE_MODE=$mode
    out=$(complete_words tokentray token "" 2>&1)
    [[ -z $out ]] || fail "$mode: completion printed [$out]"
    expect "$mode: no names" "" tokentray token ""
done

FAKE_MODE=hang
start=$SECONDS
expect "hang: no names" "" tokentray token ""
elapsed=$((SECONDS - start))
((elapsed <= 6)) || fail "a hanging tokentray held completion for ${elapsed}s"
sleep 1.5
pgrep -f "sleep $FAKE_SLEEP" >/dev/null && fail "the hanging stand-in was left running"

if ((failures)); then
    echo "$failures completion check(s) failed" >&2
    exit 1
fi
echo "bash completion: all checks passed"
