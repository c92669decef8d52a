# Sourced by bin/jpm and bin/mvn: sets JPM_JDK to a JDK >= 25 without starting a JVM.
# Order: JPM_JDK if set, JAVA_HOME if new enough, then /usr/lib/jvm/*.
# The version is read from the JDK's `release` file, which costs no JVM start-up.
jpm_jdk_major() {
  local rel="$1/release" v
  [ -x "$1/bin/java" ] && [ -f "$rel" ] || return 1
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  [ -n "$v" ] && echo "$v"
}
jpm_find_jdk() {
  local c m
  for c in ${JPM_JDK:+"$JPM_JDK"} ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    m=$(jpm_jdk_major "$c") || continue
    if [ "$m" -ge 25 ] && [ -x "$c/bin/javac" ]; then JPM_JDK="$c"; return 0; fi
  done
  echo "jpm: no JDK >= 25 found (looked at JPM_JDK, JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "jpm: install one (e.g. Temurin 25) or point JPM_JDK at it." >&2
  return 1
}
