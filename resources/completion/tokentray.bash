# bash completion for tokentray(1)
#
# Self-contained: it uses only bash built-ins and coreutils' timeout, so it
# works with or without the bash-completion package's helpers loaded.

# Prints the account names, one per line, by asking tokentray itself. Called
# only when a NAME is being completed. It must never hang a shell: stdin is
# closed so a secret can never be asked for, and a slow or failing call (a
# locked keyring, a broken config) simply completes nothing.
_tokentray_account_names()
{
    local program=$1
    shift
    local json
    if type -P timeout >/dev/null; then
        json=$(timeout -k 1 3 "$program" "$@" list --json </dev/null 2>/dev/null) || return 0
    else
        json=$("$program" "$@" list --json </dev/null 2>/dev/null) || return 0
    fi

    # Every "name": "..." string member, whatever the surrounding layout.
    local re='"name"[[:space:]]*:[[:space:]]*"(([^"\\]|\\.)*)"'
    local rest=$json name
    while [[ $rest =~ $re ]]; do
        name=${BASH_REMATCH[1]}
        rest=${rest#*"${BASH_REMATCH[0]}"}
        name=${name//\\\"/\"}
        name=${name//\\\//\/}
        name=${name//\\\\/\\}
        [[ -n $name && $name != *$'\n'* ]] && printf '%s\n' "$name"
    done
}

_tokentray()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=''
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # "--opt=value": bash splits at "=", so look one word further back.
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    COMPREPLY=()

    local commands='list token header curl claims env exec add remove signout export import log'
    local global_opts='--config-dir --ca-file --demo --help --version'

    # The program as typed, so that a build tree's binary lists its own accounts.
    local program=${COMP_WORDS[0]}
    [[ $program == */* && -x $program ]] || program=tokentray

    # Walk the words before the cursor: global options, the command, the
    # command's options and whether NAME has been given already.
    local i word command='' provider='' name_given=''
    local -a global_args=() used=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        [[ $word == = ]] && continue
        if [[ $command == exec && -n $name_given && $word == -- ]]; then
            # exec NAME -- CMD ...: the rest is the program's; complete it as a command.
            if ((i + 1 == COMP_CWORD)); then
                mapfile -t COMPREPLY < <(compgen -c -- "$cur")
            else
                compopt -o default 2>/dev/null
            fi
            return 0
        fi
        if [[ ${COMP_WORDS[i + 1]-} == = ]]; then
            # "--opt=value" in three words: the value is two further on.
            case $word in
                --config-dir | --ca-file)
                    [[ -z $command ]] && global_args+=("$word" "${COMP_WORDS[i + 2]-}")
                    ;;
                --provider) provider=${COMP_WORDS[i + 2]-} ;;
            esac
            used+=("$word")
            ((i += 2))
            continue
        fi
        case $word in
            --config-dir | --ca-file)
                if [[ -z $command ]]; then
                    # Tilde is not expanded in COMP_WORDS.
                    global_args+=("$word" "${COMP_WORDS[i + 1]/#\~/$HOME}")
                fi
                ((i++))
                ;;
            --provider)
                provider=${COMP_WORDS[i + 1]-}
                used+=("$word")
                ((i++))
                ;;
            --min-valid | --name | --environment | --base-url | --username | --client-id | --format | --output | --on-duplicate | --expires-at | --expires-in | --limit)
                used+=("$word")
                ((i++))
                ;;
            -*) used+=("$word") ;;
            *)
                if [[ -z $command ]]; then
                    command=$word
                else
                    name_given=1
                fi
                ;;
        esac
    done

    # Values of options.
    case $prev in
        --config-dir)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            return 0
            ;;
        --ca-file)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return 0
            ;;
        --provider)
            mapfile -t COMPREPLY < <(compgen -W '7g d7' -- "$cur")
            return 0
            ;;
        --environment)
            mapfile -t COMPREPLY < <(compgen -W 'production dev test lab demo' -- "$cur")
            return 0
            ;;
        --format)
            mapfile -t COMPREPLY < <(compgen -W 'shell dotenv json' -- "$cur")
            return 0
            ;;
        --on-duplicate)
            mapfile -t COMPREPLY < <(compgen -W 'skip rename' -- "$cur")
            return 0
            ;;
        --output)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return 0
            ;;
        --min-valid | --name | --base-url | --username | --client-id | --expires-at | --expires-in | --limit)
            return 0
            ;;
    esac

    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$global_opts" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
        fi
        return 0
    fi

    local opts='' takes_name=''
    case $command in
        list) opts='--json' ;;
        token | header | curl)
            opts='--min-valid'
            takes_name=1
            ;;
        env)
            opts='--format --min-valid'
            takes_name=1
            ;;
        exec)
            if [[ -n $name_given ]]; then
                # After NAME comes the "--" that starts the program.
                mapfile -t COMPREPLY < <(compgen -W '--' -- "$cur")
                return 0
            fi
            opts='--min-valid --token-file'
            takes_name=1
            ;;
        claims | remove | signout) takes_name=1 ;;
        export) opts='--output' ;;
        log) opts='--json --limit' ;;
        import)
            if [[ $cur == -* ]]; then
                [[ " ${used[*]} " == *" --on-duplicate "* ]] || COMPREPLY=(--on-duplicate)
                return 0
            fi
            # The file to import.
            [[ -n $name_given ]] && return 0
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return 0
            ;;
        add)
            case $provider in
                7g) opts='--provider --name --environment --base-url --username --password-stdin' ;;
                d7)
                    # A client secret, or a token pasted from the D7 Control Panel.
                    if [[ " ${used[*]} " == *" --token-stdin "* ]]; then
                        opts='--provider --name --base-url --client-id --token-stdin --expires-at --expires-in --replace'
                    elif [[ " ${used[*]} " == *" --secret-stdin "* ]]; then
                        opts='--provider --name --base-url --client-id --secret-stdin'
                    else
                        opts='--provider --name --base-url --client-id --secret-stdin --token-stdin'
                    fi
                    ;;
                *) opts='--provider' ;;
            esac
            ;;
        *) return 0 ;;
    esac

    if [[ $cur == -* || (-z $takes_name && -n $opts) ]]; then
        # Offer each option once.
        local -a left=()
        local opt u seen
        for opt in $opts; do
            seen=
            for u in "${used[@]}"; do
                [[ $u == "$opt" ]] && seen=1
            done
            [[ -z $seen ]] && left+=("$opt")
        done
        mapfile -t COMPREPLY < <(compgen -W "${left[*]}" -- "$cur")
        return 0
    fi

    if [[ -n $takes_name && -z $name_given ]]; then
        # Match what was typed without the quote the user may have opened.
        local typed=${cur#[\"\']} n
        local -a names=()
        mapfile -t names < <(_tokentray_account_names "$program" "${global_args[@]}")
        for n in "${names[@]}"; do
            [[ $n == "$typed"* ]] && COMPREPLY+=("$(printf '%q' "$n")")
        done
    fi
    return 0
}

complete -F _tokentray tokentray
