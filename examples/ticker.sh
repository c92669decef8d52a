#!/usr/bin/env bash
# A tiny example app: prints a line every second, with the instance number jpm gave it.
n=0
while true; do
  echo "tick $n from ${JPM_APP_NAME} instance ${JPM_INSTANCE}"
  n=$((n + 1))
  sleep 1
done
