# ward: every line typed in this shell is judged before it runs.
# Load it last in ~/.zshrc:  eval "$(ward init zsh)"
#
# A ZLE widget wraps accept-line: it sees the whole buffer when Enter is
# pressed, before zsh parses or runs any of it. Override once: type `ward! `
# before the line; ward says why it objects and asks, and records the run
# as a human override.
if [[ -o interactive ]] && (( ! ${+__ward_loaded} )); then
typeset -g __ward_loaded=1
typeset -g __ward_bin=${WARD_BIN:-@WARD_BIN@}
typeset -g __ward_broken=

# Judges $1; status 0 runs it, 1 does not.
__ward_judge() {
  emulate -L zsh
  local line=$1 rc ans
  [[ -z ${line//[[:space:]]/} || -n $__ward_broken ]] && return 0
  "$__ward_bin" shell-check --shell zsh -- "$line"
  rc=$?
  if [[ $rc == 3 ]]; then
    print -n -- 'run anyway? [y/N] ' >/dev/tty
    read -r ans </dev/tty || ans=
    case $ans in (y|Y|yes|Yes|YES) ans=yes ;; (*) ans=no ;; esac
    "$__ward_bin" shell-check --shell zsh --answer "$ans" -- "$line"
    rc=$?
  fi
  case $rc in
  (0) return 0 ;;
  (4) return 1 ;;
  esac
  # Missing or crashed: say so once, never lock the person out.
  __ward_broken=1
  print -r -- "ward: the shell guard is not working (\`$__ward_bin\` exited $rc); commands in this shell run unguarded" >&2
  return 0
}

__ward_accept_line() {
  emulate -L zsh
  local line=$BUFFER
  if [[ -n ${line//[[:space:]]/} && -z $__ward_broken ]]; then
    zle -I
    local stty_saved
    stty_saved=$(stty -g </dev/tty 2>/dev/null)
    stty sane </dev/tty 2>/dev/null
    if ! __ward_judge "$line"; then
      [[ -n $stty_saved ]] && stty $stty_saved </dev/tty 2>/dev/null
      print -s -r -- "$line"
      BUFFER=
      zle .accept-line
      return
    fi
    [[ -n $stty_saved ]] && stty $stty_saved </dev/tty 2>/dev/null
    setopt localoptions extendedglob
    local trimmed=${line##[[:space:]]#}
    if [[ $trimmed == 'ward!'[[:space:]]* ]]; then
      BUFFER=${${trimmed#ward!}##[[:space:]]#}
    fi
  fi
  zle .accept-line
}
zle -N accept-line __ward_accept_line
fi
