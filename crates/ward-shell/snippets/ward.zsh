# ward: every line typed in this shell is judged before it runs.
# Load it last in ~/.zshrc:  eval "$(ward init zsh)"
#
# A ZLE widget wraps accept-line: it sees the whole buffer when Enter is
# pressed (with the earlier lines of a multi-line command), before zsh
# parses or runs any of it. Override once: type `ward! `
# before the line; ward says why it objects and asks, and records the run
# as a human override.
if [[ -o interactive ]] && (( ! ${+__ward_loaded} )); then
typeset -g __ward_loaded=1
typeset -g __ward_bin=${WARD_BIN:-@WARD_BIN@}
typeset -g __ward_broken=

# Judges $1 from inside the widget; status 0 runs it, 1 does not. ward
# writes only when it objects, so a harmless line leaves the display alone.
__ward_judge() {
  emulate -L zsh
  local line=$1 rc ans msg saved
  [[ -z ${line//[[:space:]]/} || -n $__ward_broken ]] && return 0
  msg=$("$__ward_bin" shell-check --shell zsh -- "$line" 2>&1)
  rc=$?
  # zsh parses a whole physical line before running any of it, so a line it
  # cannot parse runs nothing now: it is unfinished (zsh asks for the rest,
  # and the next Enter judges $PREBUFFER$BUFFER whole) or an error. Such a
  # line is let through instead of asking about a fragment.
  if [[ $rc == 3 && $BUFFER != *$'\n'* ]]; then
    # Parse with this shell's options that change the grammar.
    local -a opts
    local o
    for o in ignorebraces ignoreclosebraces shortloops rcquotes cshjunkieloops kshglob extendedglob shglob; do
      [[ -o $o ]] && opts+=(-o $o) || opts+=(+o $o)
    done
    "${commands[zsh]:-zsh}" -nf $opts -c "$line" 2>/dev/null || return 0
  fi
  [[ -n $msg ]] && { zle -I; print -r -- "$msg" >&2 }
  if [[ $rc == 3 ]]; then
    # ZLE keeps the terminal raw; read the answer as a normal line.
    saved=$(stty -g </dev/tty 2>/dev/null)
    stty sane </dev/tty 2>/dev/null
    print -n -- 'run anyway? [y/N] ' >/dev/tty
    read -r ans </dev/tty || ans=
    [[ -n $saved ]] && stty $saved </dev/tty 2>/dev/null
    case $ans in (y|Y|yes|Yes|YES) ans=yes ;; (*) ans=no ;; esac
    msg=$("$__ward_bin" shell-check --shell zsh --answer "$ans" -- "$line" 2>&1)
    rc=$?
    [[ -n $msg ]] && print -r -- "$msg" >&2
  fi
  case $rc in
  (0) return 0 ;;
  (4) return 1 ;;
  esac
  # Missing or crashed: say so once, never lock the person out.
  __ward_broken=1
  zle -I
  print -r -- "ward: the shell guard is not working (\`$__ward_bin\` exited $rc); commands in this shell run unguarded" >&2
  return 0
}

__ward_accept_line() {
  emulate -L zsh
  setopt extendedglob
  # At a continuation prompt, the lines before this one are in PREBUFFER.
  local line=$PREBUFFER$BUFFER trimmed
  if [[ -n ${line//[[:space:]]/} && -z $__ward_broken ]]; then
    if ! __ward_judge "$line"; then
      # Not run: keep it in history for editing, and start a fresh line.
      print -s -r -- "$line"
      BUFFER=
      # send-break also drops the earlier lines of a multi-line command.
      if [[ -n $PREBUFFER ]]; then zle .send-break; else zle .accept-line; fi
      return
    fi
    trimmed=${line##[[:space:]]#}
    if [[ -z $PREBUFFER && $trimmed == 'ward!'[[:space:]]* ]]; then
      BUFFER=${${trimmed#ward!}##[[:space:]]#}
    fi
  fi
  zle .accept-line
}
zle -N accept-line __ward_accept_line
fi
