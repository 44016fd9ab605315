# ward: every line typed in this shell is judged before it runs.
# Load it last in ~/.bashrc:  eval "$(ward init bash)"
#
# Why the DEBUG trap (with extdebug) and not a readline `bind -x` on Enter:
# the trap runs after bash has read the whole line (continuation lines,
# pastes, vi mode and every key binding included) and before anything in it
# runs, with the terminal back in normal mode so a y/N prompt just works;
# `history 1` gives the line exactly as typed. With extdebug a non-zero
# return from the trap skips the command, and subshells and substitutions
# inherit the trap. A `bind -x` handler sees one physical line of the
# readline buffer, must fight readline's terminal mode to ask, and is
# silently bypassed in another keymap or by a binding that accepts the line.
#
# A line the history does not keep (HISTCONTROL=ignorespace/ignoredups,
# HISTIGNORE, `set +o history`) is judged one simple command at a time.
# Override once: type `ward! ` before the line; ward says why it objects and
# asks, and records the run as a human override.
if [[ $- == *i* && -z ${__ward_loaded-} ]]; then
__ward_loaded=1
__ward_bin=${WARD_BIN:-@WARD_BIN@}
__ward_state=0 # 0 idle, 1 a new line is about to run, 2 skip the rest of it, 3 judge each command
__ward_broken=
__ward_last=
__ward_first=1
__ward_token=$RANDOM$RANDOM
__ward_re='^ *([0-9]+)[* ] (.*)$'

# The newest history entry into __ward_h. Through a private file in
# XDG_RUNTIME_DIR when there is one (30 µs), else a command substitution
# (a fork, about 1 ms).
__ward_hfile=
if [[ -n ${XDG_RUNTIME_DIR-} && -d $XDG_RUNTIME_DIR && -O $XDG_RUNTIME_DIR ]]; then
  __ward_hfile=$XDG_RUNTIME_DIR/ward-history.$$
  (umask 077 && : >"$__ward_hfile") 2>/dev/null || __ward_hfile=
fi
__ward_hist() {
  __ward_h=
  if [[ -n $__ward_hfile ]] && HISTTIMEFORMAT= builtin history 1 >"$__ward_hfile" 2>/dev/null; then
    IFS= read -r -d '' __ward_h <"$__ward_hfile"
    __ward_h=${__ward_h%$'\n'}
  else
    __ward_h=$(HISTTIMEFORMAT= builtin history 1)
  fi
}

# Judges $1; status 0 runs it, 1 does not.
__ward_judge() {
  local line=$1 rc ans
  [[ -z ${line//[[:space:]]/} || -n $__ward_broken ]] && return 0
  "$__ward_bin" shell-check --shell bash -- "$line"
  rc=$?
  if [[ $rc == 3 ]]; then
    read -r -p 'run anyway? [y/N] ' ans </dev/tty || ans=
    case $ans in y | Y | yes | Yes | YES) ans=yes ;; *) ans=no ;; esac
    "$__ward_bin" shell-check --shell bash --answer "$ans" -- "$line"
    rc=$?
  fi
  case $rc in
  0) return 0 ;;
  4) return 1 ;;
  esac
  # Missing or crashed: say so once, never lock the person out.
  __ward_broken=1
  printf 'ward: the shell guard is not working (`%s` exited %s); commands in this shell run unguarded\n' "$__ward_bin" "$rc" >&2
  return 0
}

__ward_debug() {
  # The prompt hook always runs: it is what resets the state (an empty line
  # arms the trap too, and a refused line skips everything until then).
  # Functions inherit the trap (extdebug): never judge ward's own commands.
  [[ $__ward_state == 0 || $1 == "__ward_precmd $__ward_token" || ${FUNCNAME[1]-} == __ward_* ]] && return 0
  case $__ward_state in
  2) return 1 ;;
  3) __ward_judge "$1"
     return ;;
  esac
  [[ -n ${COMP_LINE-} ]] && return 0
  local line
  __ward_hist
  if [[ $__ward_h =~ $__ward_re && ${BASH_REMATCH[1]} != "$__ward_last" ]]; then
    __ward_last=${BASH_REMATCH[1]}
    line=${BASH_REMATCH[2]}
  else
    __ward_state=3
    __ward_judge "$1"
    return
  fi
  if ! __ward_judge "$line"; then
    __ward_state=2
    return 1
  fi
  line=${line#"${line%%[![:space:]]*}"}
  if [[ $line == 'ward!'[[:space:]]* ]]; then
    # Run the confirmed line without its marker, and skip the marked one.
    __ward_state=2
    eval "${line#ward!}"
    return 1
  fi
  __ward_state=0
  return 0
}

__ward_precmd() {
  __ward_state=0
  if [[ -n $__ward_first ]]; then
    # The history file is read after ~/.bashrc, so the last number is known only now.
    __ward_first=
    __ward_hist
    [[ $__ward_h =~ $__ward_re ]] && __ward_last=${BASH_REMATCH[1]}
  fi
  # PS0 is expanded once a line has been read, before it runs: it arms the
  # trap (an arithmetic subscript assigns without printing anything).
  [[ ${PS0-} == *__ward_arm* ]] || PS0=${PS0-}'${__ward_arm[__ward_state=1]}'
}

shopt -s extdebug
trap '__ward_debug "$BASH_COMMAND"' DEBUG
PROMPT_COMMAND="__ward_precmd $__ward_token${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
fi
