#!/usr/bin/env bash
# Smoke-test a built Linux folder as a facilitator's laptop would run it:
#   packaging/linux/smoke-test.sh build/dist/charter-studio [OUT_DIR]
# Every program runs with an empty environment (env -i), a PATH holding no program at all (so no
# python3 and no git), and, when `unshare` is allowed (root), no network and the system's git,
# git-core, Python libraries and the developer virtualenv/pyenv hidden by empty mounts.
# The CLI opens the bundled example, saves a change (a commit) and exports a PDF; the GUI starts
# under Xvfb with --example and a screenshot is written to OUT_DIR (default: a temporary folder).
set -euo pipefail

app="$(cd "${1:?usage: smoke-test.sh <dist>/charter-studio [OUT_DIR]}" && pwd)"
work="$(mktemp -d /tmp/charter-smoke.XXXXXX)"
out="${2:-$work}"
mkdir -p "$work/home" "$work/empty-bin" "$out"
display=":${SMOKE_DISPLAY:-97}"

hidden=(/usr/lib/git-core /usr/share/git-core /usr/lib/python3 /usr/lib/python3.11)
for folder in /work/venv /root/.pyenv "${VIRTUAL_ENV:-}"; do
  [ -n "$folder" ] && [ -d "$folder" ] && hidden+=("$folder")
done
sandbox_script='
for folder in '"${hidden[*]}"'; do [ -d "$folder" ] && mount -t tmpfs none "$folder"; done
for program in /usr/bin/git /usr/bin/python3 /usr/bin/python3.11; do
  [ -e "$program" ] && mount --bind /dev/null "$program"
done
exec "$@"'
if unshare --net --mount /bin/true 2>/dev/null; then
  sandboxed=yes
else
  sandboxed="no (unshare refused: PATH and env -i only)"
fi

# run PROGRAM ARGS...: one program of the bundle, isolated as described above.
run() {
  local environment=(PATH="$work/empty-bin" HOME="$work/home" LANG="${SMOKE_LANG:-C.UTF-8}"
    CHARTER_STUDIO_HOME="$work/home/charter-studio" DISPLAY="$display" QT_QPA_PLATFORM=xcb)
  if [ "$sandboxed" = yes ]; then
    unshare --net --mount /bin/sh -c "$sandbox_script" sandbox env -i "${environment[@]}" "$@"
  else
    env -i "${environment[@]}" "$@"
  fi
}

step() { printf '\n== %s\n' "$*"; }

step "sandbox: $sandboxed; PATH=$work/empty-bin (empty)"
run /bin/sh -c 'command -v python3 git || echo "PATH: no python3, no git"
for program in /usr/bin/python3 /usr/bin/git /work/venv/bin/python; do
  [ -x "$program" ] && echo "visible: $program" || echo "hidden: $program"
done
echo "network interfaces: $(/usr/bin/tail -n +3 /proc/net/dev | /usr/bin/cut -d: -f1 | /usr/bin/tr -d " " | /usr/bin/tr "\n" " ")"'

step "charter --version"
run "$app/charter" --version

step "charter init (a copy of the bundled example charter)"
run "$app/charter" init "$work/charte"

step "charter principle list"
run "$app/charter" -C "$work/charte" principle list | head -4
first="$(run "$app/charter" -C "$work/charte" principle list | head -1 | awk '{print $NF}' | tr -d '()')"

step "save a change: a participant, then a new title for $first (each one commit)"
who="$(run "$app/charter" -C "$work/charte" participant add "Camille" --role resident)"
run "$app/charter" -C "$work/charte" principle edit "$first" --title "Titre modifié par le test" \
  --as "$who" -m "Smoke test: title changed"
run "$app/charter" -C "$work/charte" history | head -3

step "the commit, read by the bundled git"
run /bin/sh -c 'exec "$0" -C "$1" log --format="%h %an %s" -2' \
  "$app/_internal/git/bin/git" "$work/charte" 2>&1 || true
# Without GIT_EXEC_PATH set by hand this may fail: the app sets it (charter_app/gitbinary.py).

step "export a PDF"
run "$app/charter" -C "$work/charte" export --format pdf -o "$work/charte.pdf"
head -c 8 "$work/charte.pdf" | od -c | head -1
ls -l "$work/charte.pdf"
cp "$work/charte.pdf" "$out/charte.pdf"

step "publish the website (the saved text as a draft; templates come from the bundle)"
run "$app/charter" -C "$work/charte" publish -o "$work/site" --drafts --no-downloads
grep -c "Titre modifié par le test" "$work/site/draft/index.html"

step "the workshop companion: charter workshop serve, a phone's first page over loopback"
run "$app/charter" -C "$work/charte" workshop start --title "Atelier du test" --as "$who"
# In the sandbox's own network namespace (loopback only), with bash's /dev/tcp as the phone:
# no python, no curl. The server answers the QR link with the join page, then stops on SIGINT.
run /bin/bash -c '
  [ -x /sbin/ip ] && /sbin/ip link set lo up 2>/dev/null
  "$0" -C "$1" workshop serve --as "$2" --bind 127.0.0.1 --port 8799 >"$3/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do
    link="$(/usr/bin/sed -n "s/^QR code link: http:\/\/127.0.0.1:8799//p" "$3/serve.log")"
    [ -n "$link" ] && break
    sleep 0.1
  done
  [ -n "$link" ] || { /usr/bin/cat "$3/serve.log"; exit 1; }
  exec 3<>/dev/tcp/127.0.0.1/8799
  printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1:8799\r\n\r\n" "$link" >&3
  /usr/bin/head -1 <&3
  kill -INT "$server"; wait "$server"; echo "serve exited with $?"
  /usr/bin/cat "$3/serve.log"
' "$app/charter" "$work/charte" "$who" "$work"

step "charter init without any git (CHARTER_STUDIO_GIT points at nothing): a plain error"
set +e
run /usr/bin/env CHARTER_STUDIO_GIT=/nonexistent/git "$app/charter" init "$work/no-git"
echo "exit status $?"
set -e

step "GUI: charter-studio --example under Xvfb $display"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
for attempt in cold warm; do
  start=$(date +%s.%N)
  # LANGUAGE picks the app's language (French, as in a town hall); C.UTF-8 exists everywhere.
  SMOKE_LANG=C.UTF-8 run /usr/bin/env LANGUAGE="${SMOKE_GUI_LANGUAGE:-fr}" \
    "$app/charter-studio" --example >"$work/gui-$attempt.log" 2>&1 &
  job=$!
  shown="" loaded="" window=""
  for _ in $(seq 600); do
    if [ -z "$shown" ] && DISPLAY="$display" xdotool search --onlyvisible --name "Charter Studio" >/dev/null 2>&1; then
      shown=$(date +%s.%N)
    fi
    window="$(DISPLAY="$display" xdotool search --onlyvisible --name "Val de L" 2>/dev/null | head -1 || true)"
    if [ -n "$window" ]; then
      loaded=$(date +%s.%N)
      break
    fi
    kill -0 "$job" 2>/dev/null || break
    sleep 0.05
  done
  printf '%s start: window shown after %.2f s, example charter open after %.2f s\n' "$attempt" \
    "$(echo "${shown:-$start} - $start" | bc)" "$(echo "${loaded:-$start} - $start" | bc)"
  [ -n "$loaded" ] || { echo "the charter never opened"; cat "$work/gui-$attempt.log"; exit 1; }
  sleep 1.5
  DISPLAY="$display" import -window root "$out/screenshot-$attempt.png"
  DISPLAY="$display" xprop -id "$window" WM_CLASS _NET_WM_NAME
  if [ "$attempt" = warm ]; then  # Help > About (Alt+I, P in French): version, licence, which git
    DISPLAY="$display" xdotool windowfocus --sync "$window" key alt+i sleep 0.5 key p sleep 1
    DISPLAY="$display" import -window root "$out/screenshot-about.png"
    DISPLAY="$display" xdotool key Escape sleep 0.3
  fi
  # Quit as a person would (Ctrl+Q); the window's own process id if it does not.
  DISPLAY="$display" xdotool windowfocus --sync "$window" key ctrl+q || true
  for _ in $(seq 100); do kill -0 "$job" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$job" 2>/dev/null; then
    echo "did not quit on Ctrl+Q: stopping process $(DISPLAY="$display" xdotool getwindowpid "$window")"
    kill "$(DISPLAY="$display" xdotool getwindowpid "$window")" || true
  fi
  wait "$job" && echo "quit cleanly (exit status 0)" || echo "exit status $?"
done
echo "GUI log (cold start):"
sed 's/^/  /' "$work/gui-cold.log" | head -20
echo "screenshots: $out/screenshot-cold.png $out/screenshot-warm.png $out/screenshot-about.png"

step "done: smoke test passed (work folder $work)"
