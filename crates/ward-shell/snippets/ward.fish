# ward: every line typed in this shell is judged before it runs.
# Load it last in ~/.config/fish/config.fish:  ward init fish | source
#
# Enter is bound to a function that checks the whole `commandline` before
# fish runs any of it. Override once: type `ward! ` before the line; ward
# says why it objects and asks, and records the run as a human override.
if status is-interactive; and not set -q __ward_loaded
    set -g __ward_loaded 1
    set -g __ward_bin @WARD_BIN@
    set -q WARD_BIN; and set -g __ward_bin $WARD_BIN
    set -g __ward_broken

    # Runs `ward shell-check` with $argv, showing what it says on a line of its own.
    function __ward_call
        set -l msg ($__ward_bin shell-check --shell fish $argv 2>&1 | string collect)
        set -l rc $pipestatus[1]
        if test -n "$msg"
            echo >&2
            echo $msg >&2
        end
        return $rc
    end

    # Judges $argv[1] from inside the key binding; status 0 runs it, 1 does not.
    function __ward_judge
        set -l line $argv[1]
        if test -z (string trim -- $line | string collect); or set -q __ward_broken[1]
            return 0
        end
        __ward_call -- $line
        set -l rc $status
        if test $rc -eq 3
            # The binding runs with the terminal raw; read the answer as a normal line.
            set -l saved (stty -g </dev/tty 2>/dev/null)
            stty sane </dev/tty 2>/dev/null
            printf 'run anyway? [y/N] ' >/dev/tty
            set -l ans (head -n 1 </dev/tty)
            test -n "$saved"; and stty $saved </dev/tty 2>/dev/null
            switch "$ans"
                case y Y yes Yes YES
                    set ans yes
                case '*'
                    set ans no
            end
            __ward_call --answer $ans -- $line
            set rc $status
        end
        switch $rc
            case 0
                return 0
            case 4
                return 1
        end
        # Missing or crashed: say so once, never lock the person out.
        set -g __ward_broken 1
        echo "ward: the shell guard is not working (`$__ward_bin` exited $rc); commands in this shell run unguarded" >&2
        return 0
    end

    function __ward_execute
        set -l line (commandline | string collect)
        # An unfinished line (open quote or block) gets its newline as usual.
        if not commandline --is-valid
            commandline -f execute
            return
        end
        if not __ward_judge "$line"
            # Not run: keep it in history for editing, and start a fresh line.
            history append -- "$line" 2>/dev/null
            commandline -r ''
            commandline -f repaint
            return
        end
        commandline -f repaint
        set -l trimmed (string trim --left -- $line | string collect)
        if string match -qr '^ward!\s' -- $trimmed
            commandline -r (string replace -r '^ward!\s+' '' -- $trimmed | string collect)
        end
        commandline -f execute
    end

    bind \r __ward_execute
    bind \n __ward_execute
    bind -M insert \r __ward_execute 2>/dev/null
    bind -M insert \n __ward_execute 2>/dev/null
end
