#!/bin/sh
":" /*
# The plugin executable is this shell launcher followed by the plugin's JavaScript, which node
# reads from the line after the comment this block sits in. The launcher hands the launch to a
# warm plugin server of this build (src/plugin/warm) when one runs, and otherwise runs the
# JavaScript in-process, which then starts a server for the next launch.
build=@BUILD_ID@
# The engine forwards Ctrl-C as StopProvider; the server does the rest.
trap '' INT
# The server writes to the launcher's stdout and stderr by opening them anew through /proc, which
# works for pipes (as engines give plugins) and terminals, not for sockets.
if [ "${TOKENHOOKS_PLUGIN_SERVER:-1}" != 0 ] && [ -r /proc/$$/environ ] && [ ! -S /dev/stdout ] && [ ! -S /dev/stderr ]; then
  while read -r field value _; do [ "$field" = Uid: ] && break; done < /proc/$$/status
  root=${XDG_RUNTIME_DIR:-/tmp}/tokenhooks-$value
  dir=$root/$build
  if [ -O "$root" ] && [ ! -L "$root" ] && [ -p "$dir/launch" ] && read -r pid started key < "$dir/server" 2>/dev/null &&
    read -r _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ start _ < "/proc/$pid/stat" 2>/dev/null && [ "$start" = "$started" ]; then
    reply=$dir/reply.$$
    rm -f "$reply"
    # Opened both ways first, so the server's open of the reply never waits for this side. The
    # server opens the engine's stdout and stderr as fds 6 and 7, which no redirection here moves.
    if mkfifo -m 600 "$reply" && { command exec 3<>"$reply"; } 2>/dev/null && exec 6>&1 7>&2; then
      printf '%s %s %s\n' "$$" "$key" "$reply" > "$dir/launch"
      if read -r answer <&3 && [ "$answer" = serving ]; then
        # Read-only from here on, so a server that dies ends the wait for the exit status.
        { command exec 4<"$reply"; } 2>/dev/null && exec 3<&- 3<&4
        read -r status <&3
        exit "${status:-1}"
      fi
      exec 3<&- 6>&- 7>&-
    fi
  fi
fi
exec node "$0" "$@"
*/
