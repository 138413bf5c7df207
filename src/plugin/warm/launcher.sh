#!/bin/sh
":" /*
# The plugin executable is this shell launcher followed by the plugin's JavaScript, which node
# reads from the line after the comment this block sits in. The launcher hands the launch to a
# warm plugin server of this build (src/plugin/warm) when one runs, and otherwise runs the
# JavaScript in-process, which then starts a server for the next launch.
build=@BUILD_ID@
# The engine forwards Ctrl-C as StopProvider; the server does the rest.
trap '' INT
if [ "${TOKENHOOKS_PLUGIN_SERVER:-1}" != 0 ] && [ -r /proc/$$/environ ]; then
  while read -r field value _; do [ "$field" = Uid: ] && break; done < /proc/$$/status
  root=${XDG_RUNTIME_DIR:-/tmp}/tokenhooks-$value
  dir=$root/$build
  # The server writes to the launcher's stdout and stderr by opening them anew through /proc, which
  # works for pipes (as engines give plugins) and terminals, not for sockets. A server killed but
  # not yet reaped (a zombie) reads no request: writing one would wait forever for a reader.
  if [ ! -S /dev/stdout ] && [ ! -S /dev/stderr ] && [ -O "$root" ] && [ ! -L "$root" ] && [ -p "$dir/launch" ] && read -r pid started key < "$dir/server" 2>/dev/null &&
    read -r _ _ state _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ start _ < "/proc/$pid/stat" 2>/dev/null && [ "$start" = "$started" ] && [ "$state" != Z ]; then
    reply=$dir/reply.$$
    rm -f "$reply"
    # FIFOs opened both ways, so no open waits for the other side (a reply FIFO with no writer yet,
    # a launch FIFO whose server just died). The server opens the engine's stdout and stderr as
    # fds 6 and 7, which no redirection here moves.
    if mkfifo -m 600 "$reply" && { command exec 3<>"$reply" 5<>"$dir/launch"; } 2>/dev/null && exec 6>&1 7>&2; then
      # A server that dies at this moment never answers: the launch then runs in-process after 10 s.
      (exec 5>&- 6>&- 7>&-; sleep 10; printf 'timeout\n' >&3) </dev/null >/dev/null 2>&1 &
      watchdog=$!
      # $PPID is the engine as the launcher started: it may be gone by the time the server looks.
      printf '%s %s %s %s\n' "$$" "$PPID" "$key" "$reply" >&5
      exec 5>&-
      read -r answer <&3
      kill "$watchdog" 2>/dev/null
      if [ "$answer" = serving ]; then
        # Read-only from here on, so a server that dies ends the wait for the exit status.
        { command exec 4<"$reply"; } 2>/dev/null && exec 3<&- 3<&4
        read -r status <&3
        exit "${status:-1}"
      fi
      exec 3<&- 6>&- 7>&-
    fi
  fi
fi
if [ "${TOKENHOOKS_PLUGIN_SERVER:-1}" != 0 ] && [ -n "${dir-}" ]; then
  # In-process, from V8's code cache of this build when the server directory holds one (written
  # by an earlier first launch right after its handshake, so with what serving it compiled): it
  # spares most of the compile.
  exec node -e '
    const fs = require("fs"), vm = require("vm"), path = require("path");
    const file = path.resolve(process.argv[1]), cacheFile = process.argv.splice(2, 1)[0];
    const private_ = (p) => { const stat = fs.lstatSync(p); return stat.uid === process.getuid() && (stat.mode & 0o77) === 0; };
    let cachedData;
    try { if (private_(path.dirname(cacheFile)) && private_(cacheFile)) cachedData = fs.readFileSync(cacheFile); } catch {}
    const text = fs.readFileSync(file, "utf8");
    const body = text.slice(text.indexOf("\n*\/\n") + 4);
    const script = new vm.Script("(function (exports, require, module, __filename, __dirname) {" + body + "\n})", { filename: file, cachedData });
    const main = { exports: {}, filename: file, id: ".", loaded: false };
    script.runInThisContext()(main.exports, require("module").createRequire(file), main, file, path.dirname(file));
    if (cachedData === undefined || script.cachedDataRejected) process.once("tokenhooks-handshake", () => {
      try { const staged = cacheFile + "." + process.pid; fs.writeFileSync(staged, script.createCachedData(), { mode: 0o600 }); fs.renameSync(staged, cacheFile); } catch {}
    });
  ' "$0" "$dir/code-cache" "$@"
fi
exec node "$0" "$@"
*/
