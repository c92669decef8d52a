# Sourced by bin/jpm, bin/aot-train.sh and bin/mvn: sets JPM_JDK to a JDK >= 25 without starting
# a JVM, and JPM_CLI_FLAGS.
# Order: JPM_JDK if set, JAVA_HOME if new enough, then /usr/lib/jvm/*.
# The version is read from the JDK's `release` file with bash builtins only: bin/jpm runs this
# before every command, and a subprocess costs milliseconds (docs/performance.md).

# Sets jpm_major to the major version of the JDK in $1; fails if it is not a JDK.
jpm_jdk_major() {
  local line
  jpm_major=
  [ -x "$1/bin/java" ] && [ -f "$1/release" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      JAVA_VERSION=\"[0-9]*) line=${line#JAVA_VERSION=\"}; jpm_major=${line%%[!0-9]*}; return 0 ;;
    esac
  done < "$1/release"
  return 1
}
jpm_find_jdk() {
  local c
  for c in ${JPM_JDK:+"$JPM_JDK"} ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    jpm_jdk_major "$c" || continue
    if [ "$jpm_major" -ge 25 ] && [ -x "$c/bin/javac" ]; then JPM_JDK="$c"; return 0; fi
  done
  echo "jpm: no JDK >= 25 found (looked at JPM_JDK, JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "jpm: install one (e.g. Temurin 25) or point JPM_JDK at it." >&2
  return 1
}

# The CLI's JVM flags, for bin/jpm and for the training of its AOT caches (which a JVM uses only
# with compatible flags). A CLI command lives a few hundred ms: C1 only, the serial GC, and
# reflection through native accessors (the default spins method-handle classes on each first
# call: 100 instances' records in a jlist cost more than a start-up). -Xlog:disable keeps JVM
# warnings (about a cache it cannot use, say) off stdout, which --json needs. At exit a JVM waits up
# to 300 ms for its threads blocked in native code (UserThreadWaitAttemptsAtExit, in 10 ms steps):
# after starting the daemon, the JDK's process reaper sits in waitpid and every first command took
# 300 ms more; those threads are stopped at their way back into Java anyway. docs/performance.md
JPM_CLI_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djdk.reflect.useNativeAccessorOnly=true -Xlog:disable
  -XX:UserThreadWaitAttemptsAtExit=0 --enable-native-access=ALL-UNNAMED)
