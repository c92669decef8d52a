#!/usr/bin/env bash
# A tiny example app: prints a line every second, with the instance number jpm gave it, and
# each message `jpm send` writes to its stdin (with `stdin: message`; else stdin is /dev/null).
n=0
while true; do
  echo "tick $n from ${JPM_APP_NAME} instance ${JPM_INSTANCE}"
  n=$((n + 1))
  if read -r -t 1 line; then
    echo "message: $line"
  elif [ $? -le 128 ]; then # not a timeout: the end of stdin (/dev/null)
    sleep 1
  fi
done
